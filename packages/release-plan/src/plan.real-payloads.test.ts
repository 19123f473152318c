// The planner over every real payload @octokit/webhooks-examples ships for the
// events it handles. Their repository is Codertocat/Hello-World and their tag is
// "0.0.1" (no "v"), which is exactly what real users send.
import { describe, it, expect } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import examples from '@octokit/webhooks-examples';
import { planRelease } from './plan';

const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
const NOW = new Date('2026-11-22T00:00:00Z');

interface Example {
  name: string;
  examples: Record<string, unknown>[];
}

function payloadsOf(event: string): Record<string, unknown>[] {
  const found = (examples as unknown as Example[]).find((e) => e.name === event);
  if (!found || found.examples.length === 0) throw new Error(`no ${event} examples installed`);
  return found.examples;
}

function plan(
  eventName: string,
  payload: Record<string, unknown>,
  extra: { ref?: string; allowNonSemver?: boolean } = {},
) {
  return planRelease({ eventName, payload, sha: SHA, repository: 'Codertocat/Hello-World', now: NOW, ...extra });
}

const releaseCases = payloadsOf('release').map((payload, index) => {
  const action = String(payload['action']);
  const release = payload['release'] as { prerelease: boolean };
  return [`#${index} ${action} (prerelease: ${release.prerelease})`, action, payload] as const;
});

describe('real release payloads', () => {
  it('covers every release action the examples carry', () => {
    expect(new Set(releaseCases.map(([, action]) => action))).toEqual(
      new Set(['created', 'deleted', 'edited', 'prereleased', 'published', 'released']),
    );
  });

  it.each(releaseCases.filter(([, action]) => ['published', 'released', 'prereleased'].includes(action)))(
    '%s is planned',
    (_label, action, payload) => {
      const release = payload['release'] as { prerelease: boolean };
      const result = plan('release', payload);
      const staging = action === 'prereleased' || release.prerelease;
      expect(result).toEqual({
        environment: staging ? 'staging' : 'production',
        version: '0.0.1',
        tags: staging ? ['0.0.1', 'staging', 'sha-6113728'] : ['0.0.1', 'latest', 'sha-6113728'],
        buildTags: ['0.0.1', 'sha-6113728'],
        shaTag: 'sha-6113728',
        prerelease: staging,
        latest: !staging,
        image: 'ghcr.io/codertocat/hello-world',
        labels: {
          'org.opencontainers.image.source': 'https://github.com/Codertocat/Hello-World',
          'org.opencontainers.image.revision': SHA,
          'org.opencontainers.image.version': '0.0.1',
          'org.opencontainers.image.created': '2026-11-22T00:00:00.000Z',
          'org.opencontainers.image.title': 'Hello-World',
        },
        // The real prerelease examples tick the checkbox on a full semver version.
        warnings: staging
          ? [
              'Release 0.0.1 is marked "pre-release" on GitHub but its version has no prerelease part; following the checkbox: deploying as a prerelease',
            ]
          : [],
        notices: [],
      });
    },
  );

  it.each(releaseCases.filter(([, action]) => ['created', 'edited', 'deleted'].includes(action)))(
    '%s is refused, naming the actions that deploy',
    (_label, action, payload) => {
      expect(() => plan('release', payload)).toThrow(UserError);
      expect(() => plan('release', payload)).toThrow(
        `Release 0.0.1: release action "${action}" does not deploy; only "published", "prereleased", "released" do`,
      );
    },
  );
});

describe('real push payloads', () => {
  const pushes = payloadsOf('push');

  it.each(pushes.filter((p) => p['ref'] === 'refs/heads/master').map((p) => [p]))(
    'a branch push is refused',
    (payload) => {
      expect(() => plan('push', payload)).toThrow(
        'A push to refs/heads/master does not deploy; only pushes of version tags do',
      );
    },
  );

  it.each(pushes.filter((p) => p['deleted'] === true).map((p) => [p]))('a tag deletion is refused', (payload) => {
    expect(() => plan('push', payload, { allowNonSemver: true })).toThrow('Tag simple-tag was deleted');
  });

  const created = pushes.filter((p) => p['ref'] === 'refs/tags/simple-tag' && p['deleted'] === false);

  it.each(created.map((p) => [p]))('a non-semver tag push is refused by default', (payload) => {
    expect(() => plan('push', payload)).toThrow('Version "simple-tag" is not semver');
  });

  it.each(created.map((p) => [p]))('a non-semver tag push goes to production with allowNonSemver', (payload) => {
    const result = plan('push', payload, { allowNonSemver: true });
    expect(result.environment).toBe('production');
    expect(result.tags).toEqual(['simple-tag', 'latest', 'sha-6113728']);
  });

  it('GITHUB_REF wins over the payload ref', () => {
    const payload = created[0] as Record<string, unknown>;
    expect(plan('push', payload, { ref: 'refs/tags/v3.0.0-alpha.1' }).tags).toEqual([
      'v3.0.0-alpha.1',
      'staging',
      'sha-6113728',
    ]);
  });
});

describe('real workflow_dispatch payloads', () => {
  it.each(payloadsOf('workflow_dispatch').map((p) => [p]))('needs environment and version inputs', (payload) => {
    expect(() => plan('workflow_dispatch', payload)).toThrow('A workflow_dispatch run needs the "version" input');
    expect(() =>
      planRelease({
        eventName: 'workflow_dispatch',
        payload,
        sha: SHA,
        repository: 'octo-org/octo-repo',
        version: 'v1.0.0',
      }),
    ).toThrow('A workflow_dispatch run needs the "environment" input: staging or production');
  });
});

describe('events that do not deploy', () => {
  it.each(['workflow_run', 'pull_request', 'create', 'issues'])(
    '%s is refused, naming the supported events',
    (event) => {
      const payload = payloadsOf(event)[0] as Record<string, unknown>;
      expect(() => plan(event, payload)).toThrow(
        `Event "${event}" cannot be deployed; supported events: release, push, workflow_dispatch, workflow_call`,
      );
    },
  );
});
