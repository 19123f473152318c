// Rules about the request itself: overrides, image, sha, repository.
import { describe, it, expect } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { planRelease } from './plan';
import type { PlanRequest } from './types';

const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';

function release(tag: string, prerelease: boolean): Record<string, unknown> {
  return {
    action: 'published',
    release: { tag_name: tag, prerelease, draft: false },
    repository: { name: 'Hello-World' },
  };
}

function plan(extra: Partial<PlanRequest> = {}) {
  return planRelease({
    eventName: 'release',
    payload: release('v1.2.0', false),
    sha: SHA,
    repository: 'Codertocat/Hello-World',
    ...extra,
  });
}

describe('image', () => {
  it('defaults to ghcr.io/<owner>/<repo>, lower-cased', () => {
    expect(plan().image).toBe('ghcr.io/codertocat/hello-world');
  });

  it('uses an explicit image as given', () => {
    expect(plan({ image: '127.0.0.1:5000/octo/app' }).image).toBe('127.0.0.1:5000/octo/app');
  });

  it('treats a blank image input as unset', () => {
    expect(plan({ image: '  ' }).image).toBe('ghcr.io/codertocat/hello-world');
  });

  it('refuses an explicit image with upper case', () => {
    expect(() => plan({ image: 'ghcr.io/Codertocat/app' })).toThrow('contains upper-case letters');
  });
});

describe('sha', () => {
  it('tags sha-<first 7>, lower-cased, last', () => {
    const result = plan({ sha: SHA.toUpperCase() });
    expect(result.shaTag).toBe('sha-ffac537');
    expect(result.tags.at(-1)).toBe('sha-ffac537');
    expect(result.labels['org.opencontainers.image.revision']).toBe(SHA);
  });

  it.each(['', 'ffac537', 'master', `${SHA}0`])('refuses %j', (sha) => {
    expect(() => plan({ sha })).toThrow(`Commit sha "${sha}" is not a full 40-character hex sha`);
  });
});

describe('overrides', () => {
  it('a version input replaces the release tag', () => {
    const result = plan({ version: 'v1.2.1' });
    expect(result.version).toBe('v1.2.1');
    expect(result.tags).toEqual(['v1.2.1', 'latest', 'sha-ffac537']);
  });

  it('an environment input replaces the derived one, with a notice; staging gets the staging tag', () => {
    const result = plan({ environment: 'staging' });
    expect(result.environment).toBe('staging');
    expect(result.tags).toEqual(['v1.2.0', 'staging', 'sha-ffac537']);
    expect(result.notices).toEqual(['Environment set to staging by input (the release event alone means production)']);
  });

  it('blank overrides count as unset (action inputs default to "")', () => {
    expect(plan({ environment: '', version: ' ' }).environment).toBe('production');
  });

  it('refuses an unknown environment', () => {
    expect(() => plan({ environment: 'prod' })).toThrow(
      'Environment "prod" is not supported; expected staging or production',
    );
  });

  it('a prerelease sent to production does not move latest, and says so', () => {
    const result = planRelease({
      eventName: 'workflow_dispatch',
      payload: {},
      sha: SHA,
      repository: 'octo-org/app',
      environment: 'production',
      version: 'v2.0.0-rc.1',
    });
    expect(result.tags).toEqual(['v2.0.0-rc.1', 'sha-ffac537']);
    expect(result.latest).toBe(false);
    expect(result.warnings).toEqual(['v2.0.0-rc.1 is a prerelease deployed to production: "latest" does not move']);
  });

  it('semver tags are not pushed for prereleases', () => {
    expect(
      planRelease({
        eventName: 'release',
        payload: release('v1.3.0-rc.1', true),
        sha: SHA,
        repository: 'o/r',
        semverTags: true,
      }).tags,
    ).toEqual(['v1.3.0-rc.1', 'staging', 'sha-ffac537']);
  });
});

describe('repository and payload', () => {
  it('refuses a malformed repository', () => {
    expect(() => plan({ repository: 'hello-world' })).toThrow('is not of the form owner/repo');
  });

  it('refuses a release event without a release object', () => {
    expect(() => plan({ payload: { action: 'published' } })).toThrow(
      'The release event payload has no "release" object',
    );
  });

  it.each(['unpublished', 'created', 'deleted', undefined])('refuses release action %s', (action) => {
    const payload = { action, release: { tag_name: 'v1.2.0', prerelease: false, draft: false } };
    expect(() => plan({ payload })).toThrow(`release action "${action ?? '(none)'}" does not deploy`);
  });

  it.each([
    ['prereleased', false, 'the "prereleased" event says prerelease: false'],
    ['released', true, 'the "released" event says prerelease: true'],
  ])('refuses a %s payload whose prerelease flag contradicts it', (action, prerelease, message) => {
    const payload = { action, release: { tag_name: 'v1.2.0', prerelease, draft: false } };
    expect(() => plan({ payload })).toThrow(message);
  });

  it('every refusal is a UserError (one clear line, no stack)', () => {
    expect(() => plan({ eventName: 'schedule' })).toThrow(UserError);
  });

  it('defaults created to now', () => {
    const before = Date.now();
    const created = Date.parse(plan().labels['org.opencontainers.image.created'] ?? '');
    expect(created).toBeGreaterThanOrEqual(before);
  });
});
