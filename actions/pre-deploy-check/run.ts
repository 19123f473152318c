import * as core from '@actions/core';
import { readRunContext, UserError } from '@deploy-kit/action-kit';
import { createGitHubClient } from '@deploy-kit/github';
import { DeploymentLedger, SINGLE_SERVICE } from '@deploy-kit/ledger';
import { RegistryClient, registryCredentialsForImage } from '@deploy-kit/registry';
import {
  currentVersionOf,
  failuresOf,
  imageTag,
  isProduction,
  readCurrent,
  runChecks,
  type CheckContext,
} from '@deploy-kit/preflight';
import { readPreDeployCheckInputs } from './inputs';
import { publishReport } from './report';

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
  const credentials = registryCredentialsForImage(
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

  // The inputs path deploys one service, `app`: the version policy compares with that set's release.
  const current = await readCurrent(ledger, inputs.environment, SINGLE_SERVICE);
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

  const { results, digest, version } = await runChecks(context, registry);

  const currentVersion = currentVersionOf(current);
  await publishReport({
    environment: inputs.environment,
    version,
    currentVersion,
    digest,
    results,
  });
  const failures = failuresOf(results);
  if (failures.length > 0) {
    throw new UserError(
      `Pre-deploy checks failed for ${inputs.environment}: ${failures.map((f) => `${f.check}: ${f.reason}`).join('; ')}`,
    );
  }
}
