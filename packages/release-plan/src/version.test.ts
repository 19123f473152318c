import { describe, it, expect } from '@jest/globals';
import {
  asBuildMetadataRelease,
  compareVersions,
  highestFullRelease,
  isFullRelease,
  isSemverPrerelease,
  parseVersion,
} from './version';

describe('parseVersion', () => {
  it.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['v1.2.0-beta.1', '1.2.0-beta.1'],
    ['1.2.0-rc.1+build.5', '1.2.0-rc.1'],
    ['0.0.1', '0.0.1'],
  ])('reads %s as semver %s', (tag, version) => {
    expect(parseVersion(tag)?.version).toBe(version);
  });

  it.each([
    'v1.2',
    'v1',
    '1',
    'latest',
    'sha-ffac537',
    'staging',
    '=1.2.3',
    ' 1.2.3',
    'V1.2.3',
    'vv1.2.3',
    '01.2.3',
    'release-1.2.3',
    'nightly-42',
    '',
  ])('refuses %j', (tag) => {
    expect(parseVersion(tag)).toBeNull();
  });
});

describe('isFullRelease / isSemverPrerelease', () => {
  it.each([
    ['v1.2.0', true, false],
    ['1.2.0+build.5', true, false],
    ['v1.2.0-rc.1', false, true],
    ['latest', false, false],
    ['v1.2', false, false],
  ])('%s: full %s, prerelease %s', (tag, full, pre) => {
    expect(isFullRelease(tag)).toBe(full);
    expect(isSemverPrerelease(tag)).toBe(pre);
  });
});

describe('compareVersions', () => {
  it.each([
    ['v1.2.0', '1.2.0', 0],
    ['v1.10.0', 'v1.9.0', 1],
    ['v1.2.0-rc.1', 'v1.2.0', -1],
    ['v1.2.0-rc.10', 'v1.2.0-rc.9', 1],
    ['1.2.0+build.5', '1.2.0', 0],
  ])('%s vs %s -> %d', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it('refuses to order non-semver versions', () => {
    expect(() => compareVersions('nightly', 'v1.0.0')).toThrow('non-semver');
  });
});

describe('highestFullRelease', () => {
  const registry = [
    'latest',
    'staging',
    'sha-ffac537',
    'v1',
    'v1.2',
    'v1.2.0',
    'v1.10.0-rc.1',
    'v1.9.3',
    '1.3.0-build.5',
    'nightly',
  ];

  it('ignores moving tags, sha tags, prereleases and non-semver tags, and orders numerically', () => {
    expect(highestFullRelease(registry)).toBe('v1.9.3');
  });

  it('narrows to one release line with a filter', () => {
    expect(highestFullRelease(registry, (v) => v.major === 1 && v.minor === 2)).toBe('v1.2.0');
  });

  it('is undefined for a registry with no releases', () => {
    expect(highestFullRelease(['latest', 'sha-ffac537', 'v2.0.0-beta.1'])).toBeUndefined();
  });
});

describe('asBuildMetadataRelease', () => {
  it.each([
    ['v1.1.0-build.5', 'v1.1.0+build.5'],
    ['1.1.0-20260101', '1.1.0+20260101'],
    ['v1.2.0-rc.1-build.5', 'v1.2.0+rc.1-build.5'],
    ['v1.2.0', null],
    ['nightly', null],
  ])('%s -> %s', (tag, expected) => {
    expect(asBuildMetadataRelease(tag)).toBe(expected);
  });

  it('lets a known rewritten tag count as the release it stands for', () => {
    expect(highestFullRelease(['v1.0.0', 'v1.1.0-build.5'])).toBe('v1.0.0');
    expect(highestFullRelease(['v1.0.0', 'v1.1.0-build.5'], undefined, ['v1.1.0-build.5'])).toBe('v1.1.0+build.5');
  });
});
