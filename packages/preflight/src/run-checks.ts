import { isSemanticVersion, parseImageReference, versionTagAt, type RegistryClient } from '@deploy-kit/registry';
import { checkCommitChecks } from './checks/commit-checks';
import { checkEnvironment } from './checks/environment';
import { checkFreeze } from './checks/freeze';
import { checkImage } from './checks/image';
import { checkInProgress } from './checks/in-progress';
import { checkRejectedImage } from './checks/rejected-image';
import { checkRequiredEnv } from './checks/required-env';
import { checkVersion } from './checks/version';
import { oneLine, type CheckContext, type CheckResult } from './types';

export interface ChecksRun {
  results: CheckResult[];
  /** The image's digest, when the image check resolved it. */
  digest: string | undefined;
  /** The version checked: the given one, or the semantic-version tag found at the digest of a moving tag. */
  version: string | undefined;
}

/**
 * Every pre-deploy check, in the order the summary shows them. No check stops
 * the others, and nothing is written anywhere: checks only read GitHub and
 * the registry.
 */
export async function runChecks(context: CheckContext, registry: RegistryClient): Promise<ChecksRun> {
  // Independent reads go out together: they sit on every deploy's critical path, and one after
  // another they cost a round trip each. Only the rejected-image check needs the image's digest.
  const [image, inProgress, commitChecks, environment] = await Promise.all([
    checkImage(context, registry),
    checkInProgress(context),
    checkCommitChecks(context),
    checkEnvironment(context),
  ]);
  const [version, rejected] = await Promise.all([
    realVersion(context, registry, image.digest),
    checkRejectedImage(context, image.digest),
  ]);
  const results = [
    checkRequiredEnv(context),
    image,
    checkVersion({ ...context, version: version.version }, version.note),
    rejected,
    inProgress,
    commitChecks,
    checkFreeze(context),
    environment,
  ];
  return { results, digest: image.digest, version: version.version };
}

/**
 * `latest`, `staging` (or no version at all) name no release: the policy
 * needs the semantic-version tag at the same digest, so a rejected
 * prerelease cannot reach production under a moving tag.
 */
async function realVersion(
  { inputs, version }: CheckContext,
  registry: RegistryClient,
  digest: string | undefined,
): Promise<{ version: string | undefined; note?: string }> {
  if (isSemanticVersion(version) || !inputs.image || !digest) return { version };
  try {
    const image = parseImageReference(inputs.image);
    if (!image.tag) return { version };
    const found = await versionTagAt(registry, image, digest);
    if (found) return { version: found, note: `${image.tag} is ${found}` };
    return { version, note: `no semantic-version tag points at ${digest}` };
  } catch (error) {
    return { version, note: `could not list the tags: ${oneLine(error)}` };
  }
}

/** The failed checks, as the `failures` output lists them. */
export function failuresOf(results: readonly CheckResult[]): { check: string; reason: string }[] {
  return results.filter((r) => r.outcome === 'failed').map((r) => ({ check: r.check, reason: r.detail }));
}
