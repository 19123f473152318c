import semver from 'semver';

export interface VersionPolicyInput {
  version: string | undefined;
  currentVersion: string | undefined;
  production: boolean;
  force: boolean;
  rollback: boolean;
}

export type PolicyVerdict = { outcome: 'passed' | 'skipped'; detail: string } | { outcome: 'failed'; detail: string };

/**
 * Production refuses a prerelease and a version lower than the one it runs,
 * unless forced or rolling back (a rollback goes back by design, to a version
 * that already ran there). It also refuses a version it cannot determine
 * (none, or not semantic even after looking up a moving tag's digest): such
 * an image could be a rejected prerelease. Other environments take any version.
 */
export function checkVersionPolicy(input: VersionPolicyInput): PolicyVerdict {
  const { version, currentVersion, production, force, rollback } = input;
  const bypass = force ? 'force' : rollback ? 'rollback' : undefined;
  if (!production) {
    if (!version) return { outcome: 'skipped', detail: 'no version given (set `version`, or use an image tag)' };
    return { outcome: 'passed', detail: `${version}: non-production environments take any version` };
  }
  const parsed = version ? semver.parse(version) : null;
  if (!parsed) {
    const unknown = version
      ? `${version} is not a semantic version and no semantic-version tag points at its digest`
      : 'no version given and none could be learned from the image';
    if (bypass) return { outcome: 'passed', detail: `${unknown}; allowed by ${bypass}` };
    return {
      outcome: 'failed',
      detail: `${unknown}: production cannot check it is not a prerelease or a downgrade (set version, or force: true to deploy it anyway)`,
    };
  }
  const problems: string[] = [];
  if (parsed.prerelease.length > 0) problems.push(`${version} is a prerelease`);
  const current = currentVersion ? semver.parse(currentVersion) : null;
  if (current && semver.lt(parsed, current))
    problems.push(`${version} is lower than ${currentVersion}, which production runs now`);
  if (problems.length === 0) {
    const relation = !current
      ? 'nothing recorded as running yet'
      : semver.eq(parsed, current)
        ? `same as running (${currentVersion})`
        : `newer than ${currentVersion}`;
    return { outcome: 'passed', detail: `${version}: ${relation}` };
  }
  if (bypass) return { outcome: 'passed', detail: `${problems.join('; ')}; allowed by ${bypass}` };
  return { outcome: 'failed', detail: `${problems.join('; ')} (set force: true to deploy it anyway)` };
}
