import * as core from '@actions/core';
import { readRunContext, UserError } from '@deploy-kit/action-kit';
import { createGitHubClient } from '@deploy-kit/github';
import { DeploymentLedger } from '@deploy-kit/ledger';
import { RegistryClient } from '@deploy-kit/registry';
import { checkCommitChecks } from './checks/commit-checks';
import { checkEnvironment } from './checks/environment';
import { checkFreeze } from './checks/freeze';
import { checkImage, imageTag } from './checks/image';
import { checkInProgress } from './checks/in-progress';
import { checkRequiredEnv } from './checks/required-env';
import type { CheckContext, CheckResult } from './checks/types';
import { checkVersion } from './checks/version';
import { isProduction, readPreDeployCheckInputs } from './inputs';
import { failuresOf, publishReport } from './report';
import { registryCredentials } from './registry-credentials';

/**
 * Runs every check (none stops the others), reports each in the summary, then
 * fails once, listing every failure. Nothing is created anywhere: the action
 * only reads GitHub and the registry.
 */
export async function run(): Promise<void> {
  const inputs = readPreDeployCheckInputs();
  const runContext = readRunContext();
  if (!runContext.owner || !runContext.repo)
    throw new UserError('GITHUB_REPOSITORY is not set: run this action in a GitHub Actions workflow');
  const repo = { owner: runContext.owner, repo: runContext.repo };
  const log = (line: string) => core.info(line);
  const octokit = createGitHubClient(inputs['github-token'], { baseUrl: runContext.apiUrl, log });
  const ledger = new DeploymentLedger(octokit, repo, { log: (line) => core.debug(line) });
  const credentials = registryCredentials(
    inputs.image,
    {
      username: inputs['registry-username'],
      password: inputs['registry-password'],
      githubToken: inputs['github-token'],
    },
    runContext.actor,
  );
  const registry = new RegistryClient({
    ...credentials,
    timeoutMs: inputs['registry-timeout'],
    log: (line) => core.debug(line),
    onSecret: (value) => core.setSecret(value),
  });

  const current = await ledger
    .current(inputs.environment)
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  const context: CheckContext = {
    inputs,
    production: isProduction(inputs),
    octokit,
    ledger,
    repo,
    run: runContext,
    sha: inputs.sha ?? runContext.sha,
    current,
    version: inputs.version ?? imageTag(inputs.image),
    now: new Date(),
    env: process.env,
  };

  const image = await checkImage(context, registry);
  const results: CheckResult[] = [
    checkRequiredEnv(context),
    image,
    checkVersion(context),
    await checkInProgress(context),
    await checkCommitChecks(context),
    checkFreeze(context),
    await checkEnvironment(context),
  ];

  const currentVersion = current instanceof Error ? undefined : current?.payload.version || undefined;
  await publishReport({
    environment: inputs.environment,
    version: context.version,
    currentVersion,
    digest: image.digest,
    results,
  });
  const failures = failuresOf(results);
  if (failures.length > 0) {
    throw new UserError(
      `Pre-deploy checks failed for ${inputs.environment}: ${failures.map((f) => `${f.check}: ${f.reason}`).join('; ')}`,
    );
  }
}
