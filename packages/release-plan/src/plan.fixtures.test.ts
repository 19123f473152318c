// One row per planner rule, over the payload fixtures in test/fixtures/events
// (real webhook payloads changed only in the fields each rule is about).
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { planRelease } from './plan';
import type { PlanRequest } from './types';

const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';

function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../../../test/fixtures/events/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

function plan(eventName: string, file: string, extra: Partial<PlanRequest> = {}) {
  return planRelease({
    eventName,
    payload: fixture(file),
    sha: SHA,
    repository: 'octo-org/hello-world',
    now: new Date('2026-11-22T00:00:00Z'),
    ...extra,
  });
}

interface Row {
  rule: string;
  event: string;
  file: string;
  request?: Partial<PlanRequest>;
  environment: string;
  tags: string[];
  prerelease: boolean;
  warning?: string;
  notice?: string;
}

const rows: Row[] = [
  {
    rule: 'prereleased -> staging, [tag, staging, sha]',
    event: 'release',
    file: 'release-prereleased-v1.0.0-beta.1.json',
    environment: 'staging',
    tags: ['v1.0.0-beta.1', 'staging', 'sha-ffac537'],
    prerelease: true,
  },
  {
    rule: 'published prerelease -> staging; build metadata + becomes -, with a notice',
    event: 'release',
    file: 'release-published-prerelease-1.2.0-rc.1+build.5.json',
    environment: 'staging',
    tags: ['1.2.0-rc.1-build.5', 'staging', 'sha-ffac537'],
    prerelease: true,
    notice: 'version 1.2.0-rc.1+build.5 is tagged 1.2.0-rc.1-build.5',
  },
  {
    rule: 'released -> production, [tag, latest, sha]',
    event: 'release',
    file: 'release-released-v1.0.0.json',
    request: { existingTags: ['v1.0.0-beta.1', 'staging', 'sha-ffac537'] },
    environment: 'production',
    tags: ['v1.0.0', 'latest', 'sha-ffac537'],
    prerelease: false,
  },
  {
    rule: 'published full release -> production with semver tags',
    event: 'release',
    file: 'release-published-v1.2.0.json',
    request: { semverTags: true, existingTags: ['v1.1.0', 'v1.1', 'v1', 'latest'] },
    environment: 'production',
    tags: ['v1.2.0', 'latest', 'v1.2', 'v1', 'sha-ffac537'],
    prerelease: false,
  },
  {
    rule: 'a backport leaves latest alone and warns naming the higher version',
    event: 'release',
    file: 'release-released-backport-v1.0.1.json',
    request: { existingTags: ['v1.0.0', 'v1.1.0', 'latest'] },
    environment: 'production',
    tags: ['v1.0.1', 'sha-ffac537'],
    prerelease: false,
    warning: 'v1.0.1 is lower than v1.1.0 already in the registry (a backport), so "latest" does not move',
  },
  {
    rule: "a backport after a release with build metadata (tag v1.1.0-build.5 known full: it shares latest's digest) leaves latest alone",
    event: 'release',
    file: 'release-released-backport-v1.0.1.json',
    request: {
      existingTags: ['v1.0.0', 'v1.1.0-build.5', 'latest'],
      knownFullReleases: ['v1.1.0-build.5'],
    },
    environment: 'production',
    tags: ['v1.0.1', 'sha-ffac537'],
    prerelease: false,
    warning: 'v1.0.1 is lower than v1.1.0+build.5 already in the registry (a backport), so "latest" does not move',
  },
  {
    rule: 'checkbox ticked on a full semver version: the checkbox wins, with a warning',
    event: 'release',
    file: 'release-published-ticked-but-semver-full-v2.0.0.json',
    environment: 'staging',
    tags: ['v2.0.0', 'staging', 'sha-ffac537'],
    prerelease: true,
    warning: 'following the checkbox: deploying as a prerelease',
  },
  {
    rule: 'checkbox not ticked on a semver prerelease: the checkbox wins, with a warning',
    event: 'release',
    file: 'release-published-unticked-but-semver-pre-v2.0.0-rc.1.json',
    environment: 'production',
    tags: ['v2.0.0-rc.1', 'latest', 'sha-ffac537'],
    prerelease: false,
    warning: 'following the checkbox: deploying as a full release',
  },
  {
    rule: 'a non-semver tag deploys when allowed',
    event: 'release',
    file: 'release-published-not-semver-nightly-42.json',
    request: { allowNonSemver: true },
    environment: 'production',
    tags: ['nightly-42', 'latest', 'sha-ffac537'],
    prerelease: false,
    notice: 'nightly-42 is not semver',
  },
  {
    rule: 'push of a full version tag -> production',
    event: 'push',
    file: 'push-tag-v1.4.0.json',
    environment: 'production',
    tags: ['v1.4.0', 'latest', 'sha-ffac537'],
    prerelease: false,
  },
  {
    rule: 'push of a semver prerelease tag -> staging',
    event: 'push',
    file: 'push-tag-v1.4.0-rc.2.json',
    environment: 'staging',
    tags: ['v1.4.0-rc.2', 'staging', 'sha-ffac537'],
    prerelease: true,
  },
  {
    rule: 'workflow_dispatch to production takes environment and version from inputs',
    event: 'workflow_dispatch',
    file: 'workflow-dispatch.json',
    request: { environment: 'production', version: 'v1.1.0', existingTags: ['v1.0.0'] },
    environment: 'production',
    tags: ['v1.1.0', 'latest', 'sha-ffac537'],
    prerelease: false,
  },
  {
    rule: 'workflow_call to staging takes environment and version from inputs',
    event: 'workflow_call',
    file: 'workflow-dispatch.json',
    request: { environment: 'staging', version: 'v1.2.0-rc.1' },
    environment: 'staging',
    tags: ['v1.2.0-rc.1', 'staging', 'sha-ffac537'],
    prerelease: true,
  },
];

describe('planRelease over the event fixtures', () => {
  it.each(rows.map((row) => [row.rule, row] as const))('%s', (_rule, row) => {
    const result = plan(row.event, row.file, row.request);
    expect(result.environment).toBe(row.environment);
    expect(result.tags).toEqual(row.tags);
    expect(result.prerelease).toBe(row.prerelease);
    expect(result.latest).toBe(row.tags.includes('latest'));
    if (row.warning) expect(result.warnings).toEqual([expect.stringContaining(row.warning)]);
    else expect(result.warnings).toEqual([]);
    if (row.notice) expect(result.notices).toEqual([expect.stringContaining(row.notice)]);
    else expect(result.notices).toEqual([]);
  });

  it.each([
    [
      'a draft',
      'release',
      'release-published-draft-v1.3.0.json',
      'Release v1.3.0 is a draft; drafts are never deployed',
    ],
    ['an edited release', 'release', 'release-edited-v1.0.0.json', 'release action "edited" does not deploy'],
    [
      'a non-semver tag by default',
      'release',
      'release-published-not-semver-nightly-42.json',
      'Version "nightly-42" is not semver',
    ],
    ['a deleted tag', 'push', 'push-tag-deleted-v1.4.0.json', 'Tag v1.4.0 was deleted'],
  ])('refuses %s', (_what, event, file, message) => {
    expect(() => plan(event, file)).toThrow(message);
  });

  it('labels the image from the payload repository', () => {
    expect(plan('release', 'release-released-v1.1.0.json').labels).toEqual({
      'org.opencontainers.image.source': 'https://github.com/octo-org/hello-world',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.version': 'v1.1.0',
      'org.opencontainers.image.created': '2026-11-22T00:00:00.000Z',
      'org.opencontainers.image.title': 'hello-world',
      'org.opencontainers.image.description': 'A tiny web service deployed with deploy-kit',
      'org.opencontainers.image.licenses': 'MIT',
    });
  });
});
