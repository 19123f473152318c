import { describe, it, expect } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { isValidDockerTag, shaTagFor, toDockerTag, versionTag } from './docker-tag';

describe('toDockerTag', () => {
  it.each([
    ['v1.2.3', 'v1.2.3'],
    ['1.2.0-beta.1', '1.2.0-beta.1'],
    ['nightly_42', 'nightly_42'],
  ])('keeps %s as is, without a notice', (version, tag) => {
    expect(toDockerTag(version)).toBe(tag);
    expect(versionTag(version)).toEqual({ tag });
  });

  it('rewrites build metadata "+" to "-" and says so', () => {
    expect(toDockerTag('1.2.0-rc.1+build.5')).toBe('1.2.0-rc.1-build.5');
    const result = versionTag('1.2.0-rc.1+build.5');
    expect(result.tag).toBe('1.2.0-rc.1-build.5');
    expect(result.notice).toContain('1.2.0-rc.1+build.5 is tagged 1.2.0-rc.1-build.5');
  });

  it.each(['release/1.2', '.hidden', '-dash', 'a b', 'x'.repeat(129), ''])(
    'refuses %j, which breaks the tag grammar',
    (version) => {
      expect(() => toDockerTag(version)).toThrow(UserError);
      expect(() => toDockerTag(version)).toThrow('cannot be used as a docker tag');
    },
  );

  it.each(['latest', 'staging', 'sha-ffac537'])(
    'refuses %s, which would collide with a tag deploy-kit moves',
    (version) => {
      expect(() => toDockerTag(version)).toThrow('collide');
    },
  );

  it('accepts the longest allowed tag', () => {
    expect(isValidDockerTag('x'.repeat(128))).toBe(true);
  });
});

describe('shaTagFor', () => {
  it('takes the first seven characters, lower-cased', () => {
    expect(shaTagFor('FFAC537E6CBBF934B08745A378932722DF287A53')).toBe('sha-ffac537');
  });
});
