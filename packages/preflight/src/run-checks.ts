import type { RegistryClient } from '@deploy-kit/registry';
import { checkCommitChecks } from './checks/commit-checks';
import { checkEnvironment } from './checks/environment';
import { checkFreeze } from './checks/freeze';
import { checkImage } from './checks/image';
import { checkInProgress } from './checks/in-progress';
import { checkRequiredEnv } from './checks/required-env';
import { checkVersion } from './checks/version';
import type { CheckContext, CheckResult } from './types';

export interface ChecksRun {
  results: CheckResult[];
  /** The image's digest, when the image check resolved it. */
  digest: string | undefined;
}

/**
 * Every pre-deploy check, in the order the summary shows them. No check stops
 * the others, and nothing is written anywhere: checks only read GitHub and
 * the registry.
 */
export async function runChecks(context: CheckContext, registry: RegistryClient): Promise<ChecksRun> {
  const image = await checkImage(context, registry);
  const results = [
    checkRequiredEnv(context),
    image,
    checkVersion(context),
    await checkInProgress(context),
    await checkCommitChecks(context),
    checkFreeze(context),
    await checkEnvironment(context),
  ];
  return { results, digest: image.digest };
}

/** The failed checks, as the `failures` output lists them. */
export function failuresOf(results: readonly CheckResult[]): { check: string; reason: string }[] {
  return results.filter((r) => r.outcome === 'failed').map((r) => ({ check: r.check, reason: r.detail }));
}
