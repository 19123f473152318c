import * as core from '@actions/core';
import { UserError, readRunContext, type RunContext } from '@deploy-kit/action-kit';
import { createGitHubClient, type GitHubClient } from '@deploy-kit/github';
import { toHealthCheckOptions, urlSecrets } from '@deploy-kit/health';
import { DeploymentLedger } from '@deploy-kit/ledger';
import { RegistryClient, registryCredentials, type GivenRegistryCredentials } from '@deploy-kit/registry';
import { createTarget } from '@deploy-kit/targets';
import type { DeployTarget, ServiceSlot, TargetLog } from '@deploy-kit/targets';
import { actionsLog } from './actions-log';
import { inputsService } from './inputs-service';
import type { releaseFields } from './release-fields';
import type { HostLogin } from '@deploy-kit/engine';
import type { ReleaseDependencies, ReleaseHealthCheck } from '@deploy-kit/engine';
import type { z } from 'zod';

export type ReleaseInputs = { [K in keyof typeof releaseFields]: z.output<(typeof releaseFields)[K]> };

export interface PreparedRelease {
  context: RunContext;
  log: TargetLog;
  target: DeployTarget;
  ledger: DeploymentLedger;
  registry: RegistryClient;
  /** The job token's client; the config path's pre-deploy checks read through it too. */
  octokit: GitHubClient;
  health?: ReleaseHealthCheck;
  deps: ReleaseDependencies;
  repositoryUrl: string;
  /** The target host's registry login; undefined with registry-login false. */
  hostLogin?: HostLogin;
}

const REGISTRY_TIMEOUT_MS = 30_000;

/** What the config file says about the release (the other front door); undefined: the inputs say it. */
export interface FileSettings {
  target: DeployTarget;
  services: ServiceSlot[];
  health: ReleaseHealthCheck[];
  environmentUrl?: string;
  productionEnvironment?: boolean;
}

/**
 * Turns the shared inputs into the flow's parts. Every check that can fail on
 * the inputs alone (target inputs, health-check lines, the repository) runs
 * here, before anything is contacted. With `file` (the config file's
 * settings) the target, services and health come from there, and only the
 * token and registry inputs from the inputs.
 */
export function prepareRelease(
  inputs: ReleaseInputs,
  env: NodeJS.ProcessEnv = process.env,
  file?: FileSettings,
): PreparedRelease {
  const context = readRunContext(env);
  if (!context.owner || !context.repo)
    throw new UserError('GITHUB_REPOSITORY is not set: run this action inside a GitHub Actions job');
  const log = actionsLog();
  const target = file?.target ?? createTarget(inputs, { log, env });
  const health = file ? undefined : releaseHealth(inputs);
  const checks = file ? file.health : health ? [health] : [];
  const environmentUrl = file ? file.environmentUrl : inputs['environment-url'];
  const octokit = createGitHubClient(inputs['github-token'], {
    baseUrl: context.apiUrl,
    log: (line: string) => core.info(line),
  });
  const ledger = new DeploymentLedger(
    octokit,
    { owner: context.owner, repo: context.repo },
    { logUrl: context.runUrl, log: (line) => core.info(line) },
  );
  const given = givenCredentials(inputs);
  const registry = new RegistryClient({
    credentialsFor: (host) => registryCredentials(host, given, context.actor),
    timeoutMs: REGISTRY_TIMEOUT_MS,
    log: (line) => core.debug(line),
  });
  const deps: ReleaseDependencies = {
    target,
    ledger,
    environment: inputs.environment,
    services: file?.services ?? [inputsService(inputs['image-variable'])],
    log,
    ...(environmentUrl ? { environmentUrl } : {}),
    ...(checks.length ? { health: checks } : {}),
    ...(file?.productionEnvironment !== undefined ? { productionEnvironment: file.productionEnvironment } : {}),
  };
  return {
    context,
    log,
    target,
    ledger,
    registry,
    octokit,
    deps,
    repositoryUrl: `${context.serverUrl}/${context.repository}`,
    ...(health ? { health } : {}),
    // Without registry-login the host pulls with whatever credentials it already has.
    ...(inputs['registry-login'] ? { hostLogin: { given, actor: context.actor } } : {}),
  };
}

// Stands in for an unset health-url so the other health inputs are still parsed; never requested.
const UNSET_HEALTH_URL = 'http://health-url.invalid/';

/**
 * The health check, or undefined without health-url. The other health inputs
 * (headers, json, method...) are parsed either way: a bad one is refused here,
 * before anything is contacted, not ignored until someone sets the URL.
 */
function releaseHealth(inputs: ReleaseInputs): ReleaseHealthCheck | undefined {
  const urls = inputs['health-url'];
  // `true`: the version the deployed image was built as (engine's expectedVersions); any other value is the version itself.
  const builtVersion = inputs['expect-version']?.trim().toLowerCase() === 'true';
  const parsed = toHealthCheckOptions(
    urls.length ? urls : [UNSET_HEALTH_URL],
    { ...inputs, 'fail-on-unhealthy': true, ...(builtVersion ? { 'expect-version': undefined } : {}) },
    { url: 'health-url' },
  );
  const options: ReleaseHealthCheck = builtVersion
    ? { ...parsed, expectBuiltVersionOf: inputsService(inputs['image-variable']).service }
    : parsed;
  // Masked before any request: the health URLs' passwords and secret query values (?token=...).
  for (const url of urls) for (const secret of urlSecrets(url, options.redactQueryParams)) core.setSecret(secret);
  return urls.length ? options : undefined;
}

/** The registry inputs and the job's token; which of them a registry sees is registryCredentials' call. */
function givenCredentials(
  inputs: Pick<ReleaseInputs, 'registry-username' | 'registry-password' | 'github-token'>,
): GivenRegistryCredentials {
  return {
    username: inputs['registry-username'],
    password: inputs['registry-password'],
    githubToken: inputs['github-token'],
  };
}
