import { describe, expect, it } from '@jest/globals';
import { checkVersionPolicy, type VersionPolicyInput } from './version-policy';

const base: VersionPolicyInput = {
  version: 'v1.2.0',
  currentVersion: 'v1.1.0',
  production: true,
  force: false,
  rollback: false,
};

describe('checkVersionPolicy', () => {
  it.each<[string, Partial<VersionPolicyInput>, string, RegExp]>([
    ['an upgrade', {}, 'passed', /newer than v1.1.0/],
    ['a redeploy of the running version', { version: '1.1.0' }, 'passed', /same as running/],
    ['a first deploy', { currentVersion: undefined }, 'passed', /nothing recorded/],
    [
      'a prerelease to production',
      { version: 'v1.2.0-beta.1' },
      'failed',
      /v1.2.0-beta.1 is a prerelease \(set force: true/,
    ],
    ['a downgrade', { version: 'v1.0.0' }, 'failed', /v1.0.0 is lower than v1.1.0, which production runs now/],
    [
      'a prerelease that is also a downgrade',
      { version: 'v1.0.0-rc.1' },
      'failed',
      /is a prerelease; v1.0.0-rc.1 is lower than/,
    ],
    ['a forced downgrade', { version: 'v1.0.0', force: true }, 'passed', /lower than v1.1.0.*allowed by force/],
    ['a forced prerelease', { version: 'v1.2.0-beta.1', force: true }, 'passed', /allowed by force/],
    ['a rollback to a lower version', { version: 'v1.0.0', rollback: true }, 'passed', /allowed by rollback/],
    ['a prerelease to staging', { version: 'v1.2.0-beta.1', production: false }, 'passed', /non-production/],
    ['no version, production', { version: undefined }, 'failed', /no version given.*force: true/],
    ['no version, staging', { version: undefined, production: false }, 'skipped', /no version given/],
    [
      'a version that is not semver, production',
      { version: 'latest' },
      'failed',
      /latest is not a semantic version and no semantic-version tag points at its digest.*force: true/,
    ],
    ['a forced version that is not semver', { version: 'build-42', force: true }, 'passed', /allowed by force/],
    ['a version that is not semver, staging', { version: 'build-42', production: false }, 'passed', /non-production/],
  ])('%s', (_name, change, outcome, detail) => {
    const verdict = checkVersionPolicy({ ...base, ...change });
    expect(verdict.outcome).toBe(outcome);
    expect(verdict.detail).toMatch(detail);
  });
});
