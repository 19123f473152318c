import * as core from '@actions/core';
import {
  currentVersionOf,
  failuresOf,
  isProduction,
  readCurrent,
  runChecks,
  type CheckContext,
  type CheckResult,
} from '@deploy-kit/preflight';
import { serviceSetKey } from '@deploy-kit/ledger';
import type { PreparedPipeline } from './prepare';
import type { ChecksOutcome } from './state';

const ICON: Record<CheckResult['outcome'], string> = { passed: '✅', failed: '❌', skipped: '⏭️' };

/**
 * Every pre-deploy check, in the pre-deploy-check action's order, with the
 * deploy's own ledger and registry client. Like that action, no check stops
 * the others, and nothing is written anywhere.
 */
export async function runPreDeployChecks(
  prepared: PreparedPipeline,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChecksOutcome> {
  const { release, octokit, version } = prepared;
  const inputs = prepared.checks;
  // What the environment runs now, for this release's service set (the inputs path's one `app`).
  const current = await readCurrent(release.ledger, inputs.environment, serviceSetKey(release.deps.services));
  const context: CheckContext = {
    inputs,
    production: isProduction(inputs),
    octokit,
    ledger: release.ledger,
    repo: { owner: release.context.owner, repo: release.context.repo },
    run: release.context,
    sha: release.context.sha,
    current,
    version,
    now: new Date(),
    env,
  };
  const { results, version: learned } = await core.group('Pre-deploy checks', async () => {
    const checked = await runChecks(context, release.registry);
    for (const result of checked.results) core.info(`${ICON[result.outcome]} ${result.check}: ${result.detail}`);
    return checked;
  });
  // The deploy records the real version, not the moving tag the checks looked behind.
  if (learned && learned !== version) prepared.version = learned;
  for (const result of results) if (result.warning) core.warning(result.warning);
  const currentVersion = currentVersionOf(current);
  return {
    results,
    failures: failuresOf(results),
    ...(currentVersion ? { currentVersion } : {}),
    ...(learned && learned !== version ? { version: learned } : {}),
  };
}
