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
 * that already ran there). Other environments take any version.
 */
export function checkVersionPolicy(input: VersionPolicyInput): PolicyVerdict {
  const { version, currentVersion, production, force, rollback } = input;
  if (!version) return { outcome: 'skipped', detail: 'no version given (set `version`, or use an image tag)' };
  if (!production) return { outcome: 'passed', detail: `${version}: non-production environments take any version` };
  const parsed = semver.parse(version);
  if (!parsed) return { outcome: 'skipped', detail: `${version} is not a semantic version, so it cannot be compared` };
  const bypass = force ? 'force' : rollback ? 'rollback' : undefined;
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
