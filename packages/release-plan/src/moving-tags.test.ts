import { describe, it, expect } from '@jest/globals';
import { movingTags } from './moving-tags';
import { parseVersion } from './version';

function tagsFor(version: string, existingTags: string[], semverTags = false) {
  return movingTags({ version, semver: parseVersion(version), semverTags, existingTags });
}

describe('movingTags', () => {
  it.each([
    // [version, existing tags, semver-tags, tags that move]
    ['v1.0.0', [], false, ['latest']],
    ['v1.0.0', [], true, ['latest', 'v1.0', 'v1']],
    ['1.0.0', [], true, ['latest', '1.0', '1']],
    ['v1.2.0', ['v1.1.0', 'latest', 'v1.3.0-rc.1'], false, ['latest']],
    ['v1.2.0', ['v1.2.0', 'latest'], false, ['latest']],
    ['v1.1.5', ['v1.2.0', 'v1.1.4'], false, []],
    ['v1.1.5', ['v1.2.0', 'v1.1.4', 'v1.2', 'v1.1', 'v1'], true, ['v1.1']],
    ['v1.1.5', ['v1.1.6', 'v1.2.0'], true, []],
    ['v1.9.0', ['v1.10.0'], false, []],
    ['v2.0.0', ['v1.10.0', 'v2.0.0-rc.1'], true, ['latest', 'v2.0', 'v2']],
    ['v1.3.0', ['v2.0.0'], true, ['v1.3', 'v1']],
    ['v1.0.0', ['latest', 'staging', 'sha-ffac537', 'v9', 'v9.9', 'nightly'], false, ['latest']],
  ])('%s over %j (semver-tags %s) moves %j', (version, existing, semverTags, expected) => {
    expect(tagsFor(version, existing, semverTags).tags).toEqual(expected);
  });

  it('warns about a backport, naming the higher release and every tag that stays', () => {
    const { warnings } = tagsFor('v1.1.5', ['v1.2.0', 'v1.1.4'], true);
    expect(warnings).toEqual([
      'v1.1.5 is lower than v1.2.0 already in the registry (a backport), so "latest" and "v1" do not move',
    ]);
  });

  it('does not warn when everything moves', () => {
    expect(tagsFor('v1.2.0', ['v1.1.0']).warnings).toEqual([]);
  });

  it('leaves latest with a semver full release for an allowed non-semver version, and warns', () => {
    const result = movingTags({ version: 'nightly-42', semver: null, semverTags: true, existingTags: ['v9.0.0'] });
    expect(result.tags).toEqual([]);
    expect(result.warnings).toEqual([
      'nightly-42 is not semver, so it cannot be ordered against v9.0.0 already in the registry: "latest" stays with v9.0.0',
    ]);
    expect(result.notices.join('\n')).toContain('no major/minor tags');
  });

  it('moves latest to an allowed non-semver version when the registry has no semver full release', () => {
    const result = movingTags({
      version: 'nightly-42',
      semver: null,
      semverTags: false,
      existingTags: ['nightly-41', 'latest', 'v9.0.0-rc.1'],
    });
    expect(result.tags).toEqual(['latest']);
    expect(result.warnings).toEqual([]);
    expect(result.notices.join('\n')).toContain('no semver full release yet');
  });

  it.each([
    // [version, existing, known full releases, semver-tags, tags that move]
    ['v1.0.1', ['v1.0.0', 'v1.1.0-build.5', 'latest'], ['v1.1.0-build.5'], false, []],
    ['v1.0.1', ['v1.0.0', 'v1.1.0-build.5', 'latest'], [], false, ['latest']],
    ['v1.1.1', ['v1.0.0', 'v1.1.0-build.5', 'latest'], ['v1.1.0-build.5'], false, ['latest']],
    ['v1.1.0', ['v1.1.0-build.5', 'v1.1', 'v1'], ['v1.1.0-build.5'], true, ['latest', 'v1.1', 'v1']],
    ['v1.0.2', ['v1.0.3-b.1', 'v1.2.0'], ['v1.0.3-b.1'], true, []],
  ])('%s over %j knowing %j full (semver-tags %s) moves %j', (version, existing, known, semverTags, expected) => {
    const result = movingTags({
      version,
      semver: parseVersion(version),
      semverTags,
      existingTags: existing,
      knownFullReleases: known,
    });
    expect(result.tags).toEqual(expected);
  });

  it('leaves latest with a known rewritten full release for an allowed non-semver version', () => {
    const result = movingTags({
      version: 'nightly-42',
      semver: null,
      semverTags: false,
      existingTags: ['v1.1.0-build.5'],
      knownFullReleases: ['v1.1.0-build.5'],
    });
    expect(result.tags).toEqual([]);
    expect(result.warnings[0]).toContain('v1.1.0+build.5');
  });
});
