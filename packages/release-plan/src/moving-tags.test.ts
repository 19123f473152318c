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

  it('moves latest for an allowed non-semver version and says it cannot order it', () => {
    const result = movingTags({ version: 'nightly-42', semver: null, semverTags: true, existingTags: ['v9.0.0'] });
    expect(result.tags).toEqual(['latest']);
    expect(result.notices.join('\n')).toContain('cannot be ordered');
    expect(result.notices.join('\n')).toContain('no major/minor tags');
  });
});
