import { describe, it, expect } from '@jest/globals';
import {
  releaseForHeldTag,
  releaseLineOf,
  rolesOf,
  tagsAfterHealth,
  type TagsAfterHealthRequest,
} from './tags-after-health';

const production: Pick<TagsAfterHealthRequest, 'environment' | 'takes'> = {
  environment: 'production',
  takes: ['release'],
};

function after(request: Partial<TagsAfterHealthRequest> & Pick<TagsAfterHealthRequest, 'version'>) {
  return tagsAfterHealth({
    ...production,
    prerelease: false,
    semverTags: false,
    existingTags: [],
    ...request,
  });
}

describe('tagsAfterHealth', () => {
  it.each([
    // [version, existing tags, semver-tags, tags that move]
    ['v1.0.0', [], false, ['latest']],
    ['v1.0.0', [], true, ['latest', 'v1.0', 'v1']],
    ['v1.2.0', ['v1.1.0', 'latest'], true, ['latest', 'v1.2', 'v1']],
    ['v1.1.5', ['v1.2.0', 'v1.1.4'], true, ['v1.1']],
    ['v1.1.5', ['v1.2.0', 'v1.1.4'], false, []],
  ])('a healthy production %s over %j (semver-tags %s) moves %j', (version, existingTags, semverTags, expected) => {
    expect(after({ version, existingTags, semverTags }).tags).toEqual(expected);
  });

  it('moves the prerelease environment tag, named after the environment, when it is healthy', () => {
    expect(
      after({ environment: 'staging', takes: ['prerelease'], version: 'v1.0.0-beta.1', prerelease: true }),
    ).toEqual({ tags: ['staging'], warnings: [], notices: [] });
    expect(
      after({ environment: 'Preview', takes: ['prerelease'], version: 'v1.0.0-beta.1', prerelease: true }).tags,
    ).toEqual(['preview']);
  });

  it('never moves latest for the prerelease environment, even for a full release sent there', () => {
    expect(after({ environment: 'staging', takes: ['prerelease'], version: 'v2.0.0', existingTags: [] }).tags).toEqual([
      'staging',
    ]);
  });

  it('moves nothing for a prerelease sent to production, and says why', () => {
    expect(after({ version: 'v2.0.0-rc.1', prerelease: true })).toEqual({
      tags: [],
      warnings: ['v2.0.0-rc.1 is a prerelease deployed to production: "latest" does not move'],
      notices: [],
    });
  });

  it('gives an environment taking both kinds its own tag for a prerelease and latest for a release', () => {
    const both = { environment: 'live', takes: ['prerelease', 'release'] as const };
    expect(after({ ...both, version: 'v1.0.0-rc.1', prerelease: true }).tags).toEqual(['live']);
    expect(after({ ...both, version: 'v1.0.0' }).tags).toEqual(['latest']);
  });

  it('moves nothing for an environment with manual deploys only', () => {
    const result = after({ environment: 'qa', takes: [], version: 'v1.0.0' });
    expect(result.tags).toEqual([]);
    expect(result.notices).toEqual([
      'qa takes manual deploys only (no "on:"), so no moving tag follows it; v1.0.0 keeps its version and sha tags',
    ]);
  });

  it('refuses an environment name that is a tag deploy-kit moves for releases, with a warning', () => {
    for (const environment of ['latest', 'v1', 'sha-0123abc', '1.2']) {
      const result = after({ environment, takes: ['prerelease'], version: 'v1.0.0-rc.1', prerelease: true });
      expect(result.tags).toEqual([]);
      expect(result.warnings[0]).toContain(`"${environment}" cannot be a moving tag`);
    }
  });

  it('moves latest back from a rolled-back release (it never stays on one)', () => {
    // v1.1.0 was healthy, then rolled back to v1.0.0: latest and v1 return to v1.0.0.
    expect(
      after({
        version: 'v1.0.0',
        semverTags: true,
        existingTags: ['v1.0.0', 'v1.1.0', 'latest', 'v1'],
        rolledBack: ['v1.1.0'],
      }).tags,
    ).toEqual(['latest', 'v1.0', 'v1']);
    // Without knowing, v1.1.0 holds latest: v1.0.0 is a backport.
    expect(after({ version: 'v1.0.0', existingTags: ['v1.0.0', 'v1.1.0'] }).tags).toEqual([]);
  });

  it('matches a rolled-back release with build metadata to its registry tag', () => {
    expect(
      after({ version: 'v1.0.0', existingTags: ['v1.0.0', 'v1.1.0-build.5'], knownFullReleases: ['v1.1.0-build.5'] })
        .tags,
    ).toEqual([]);
    expect(
      after({
        version: 'v1.0.0',
        existingTags: ['v1.0.0', 'v1.1.0-build.5'],
        knownFullReleases: ['v1.1.0-build.5'],
        rolledBack: ['v1.1.0+build.5'],
      }).tags,
    ).toEqual(['latest']);
  });

  it('maps the inputs path environments to what they take', () => {
    expect(rolesOf('staging')).toEqual(['prerelease']);
    expect(rolesOf('production')).toEqual(['release']);
  });
});

describe('releaseForHeldTag', () => {
  const existing = ['v1.0.0', 'v1.0.1', 'v1.1.0', 'v1.2.0', 'v2.0.0-rc.1', 'latest', 'v1', 'v1.2', 'staging'];
  it.each([
    // [moving tag, rolled back, where it goes]
    ['latest', ['v1.2.0'], 'v1.1.0'],
    ['v1', ['v1.2.0', 'v1.1.0'], 'v1.0.1'],
    ['v1.0', ['v1.0.1'], 'v1.0.0'],
    ['v1.2', ['v1.2.0'], undefined],
    ['staging', ['v1.2.0'], undefined],
  ])('%s, once %j was rolled back, goes to %s', (tag, rolledBack, expected) => {
    expect(releaseForHeldTag(tag, existing, rolledBack)).toBe(expected);
  });

  it('knows the line of each moving tag and nothing else', () => {
    expect(releaseLineOf('latest')).toEqual({});
    expect(releaseLineOf('v1')).toEqual({ major: 1 });
    expect(releaseLineOf('v1.2')).toEqual({ major: 1, minor: 2 });
    expect(releaseLineOf('v1.2.0')).toBeUndefined();
    expect(releaseLineOf('staging')).toBeUndefined();
  });
});
