import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pushSyntheticImage, useBasicAuth } from '../../packages/registry/test/push-synthetic-image';
import { RegistryClient, moveTags } from '@deploy-kit/registry';
import { startRegistry, type Registry } from '../infra/index';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { accessLog, logOffset } from '../support/registry-access-log';
import {
  errorLines,
  eventFixture,
  makeBuildContext,
  recordingDocker,
  registryManifest,
  registryTags,
  visibleText,
} from './helpers';
import { startReadOnlyProxy } from './read-only-proxy';

// Promotion-only stories (no container engine): images are pushed straight through the
// registry API as sha-<short> tags, as an earlier build-image run would have left them.
const SHA_A = 'aaaaaaa1e6cbbf934b08745a378932722df287a5';
const SHA_B = 'bbbbbbb2e6cbbf934b08745a378932722df287a5';
const SHA_NEW = 'ccccccc3e6cbbf934b08745a378932722df287a5';
const TOKEN = 'ghs_jobTokenThatMustStayOnGitHub42';

let context: ReturnType<typeof makeBuildContext>;
beforeAll(() => {
  context = makeBuildContext();
});
afterAll(() => context?.remove());

function releaseOf(fixture: string, tag?: string): Record<string, unknown> {
  const event = eventFixture(fixture);
  if (tag) (event.release as { tag_name: string }).tag_name = tag;
  return event;
}

describe('build-image guards on a real registry', () => {
  let registry: Registry;
  let docker: ReturnType<typeof recordingDocker>;

  beforeAll(async () => {
    registry = await startRegistry();
    docker = recordingDocker();
  }, 60_000);
  afterAll(async () => {
    docker?.remove();
    await registry?.stop();
  }, 60_000);

  async function act(
    repository: string,
    sha: string,
    event: Record<string, unknown>,
    inputs: Record<string, string> = {},
    eventName = 'release',
    host = registry.host,
  ): Promise<BundledActionRun> {
    docker.reset();
    const run = await runBundledAction('build-image', {
      eventName,
      event,
      inputs: { image: `${host}/${repository}`, context: context.dir, ...inputs },
      env: { GITHUB_SHA: sha, PATH: docker.path },
    });
    if (process.env.SHOW_LOG) console.error(`${run.log}\n--- summary ---\n${run.summary}`);
    return run;
  }

  const digestOf = async (repository: string, tag: string) =>
    (await registryManifest(registry.host, repository, tag)).digest;

  it('keeps latest on a release with build metadata (tag v1.1.0-build.5) when a backport follows; no blob read', async () => {
    const repo = 'octo-org/build-meta';
    const a = await pushSyntheticImage(registry.host, repo, 'sha-aaaaaaa', 'oci-manifest');
    const b = await pushSyntheticImage(registry.host, repo, 'sha-bbbbbbb', 'docker-list');
    const offset = logOffset(registry.logFile);

    const first = await act(repo, SHA_A, releaseOf('release-released-v1.1.0', 'v1.1.0+build.5'));
    expect(first.exitCode).toBe(0);
    expect(first.outputs.promoted).toBe('true');
    expect(await digestOf(repo, 'v1.1.0-build.5')).toBe(a.digest);
    expect(await registryTags(registry.host, repo)).not.toContain('latest');
    // Production was healthy on it: the engine moved latest there (build-image never does).
    await moveTags(new RegistryClient(), { image: `${registry.host}/${repo}`, digest: a.digest, tags: ['latest'] });

    const backport = await act(repo, SHA_B, releaseOf('release-released-backport-v1.0.1'));
    expect(backport.exitCode).toBe(0);
    expect(backport.outputs.promoted).toBe('true');
    expect(await digestOf(repo, 'v1.0.1')).toBe(b.digest);
    expect(await digestOf(repo, 'latest')).toBe(a.digest);
    expect(backport.log).toMatch(/^::warning::v1\.0\.1 is lower than v1\.1\.0\+build\.5 .*"latest" does not move/m);

    // Promotion reads manifests only: the registry saw no blob request from either run.
    const requests = accessLog(registry.logFile, offset);
    expect(requests.filter((r) => r.path.includes('/manifests/')).length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.path.includes('/blobs/'))).toEqual([]);
    expect(docker.calls()).toEqual([]);
  });

  describe('an existing release tag is never moved to another image', () => {
    const repo = 'octo-org/immutable';
    let a: { digest: string };

    beforeAll(async () => {
      a = await pushSyntheticImage(registry.host, repo, 'sha-aaaaaaa', 'oci-manifest');
      await pushSyntheticImage(registry.host, repo, 'sha-bbbbbbb', 'oci-manifest');
    }, 60_000);

    it('releases v1.0.0, and re-running the same release of the same commit changes nothing', async () => {
      for (const attempt of [1, 2]) {
        const run = await act(repo, SHA_A, releaseOf('release-released-v1.0.0'));
        expect([attempt, run.exitCode]).toEqual([attempt, 0]);
        expect(run.outputs).toMatchObject({ promoted: 'true', digest: a.digest });
      }
      expect(await digestOf(repo, 'v1.0.0')).toBe(a.digest);
    });

    it('refuses v1.0.0 from another commit that was already built (promotion), touching nothing', async () => {
      const tagsBefore = await registryTags(registry.host, repo);
      const run = await act(
        repo,
        SHA_B,
        eventFixture('workflow-dispatch'),
        { environment: 'production', version: 'v1.0.0' },
        'workflow_dispatch',
      );
      expect(run.exitCode).toBe(1);
      expect(errorLines(run)).toHaveLength(1);
      expect(errorLines(run)[0]).toMatch(
        new RegExp(
          `^::error::${registry.host}/${repo}:v1\\.0\\.0 already exists at ${a.digest}, a different image than this commit's sha-bbbbbbb \\(sha256:[0-9a-f]{64}\\)\\. A release tag is never moved`,
        ),
      );
      expect(await registryTags(registry.host, repo)).toEqual(tagsBefore);
      expect(await digestOf(repo, 'v1.0.0')).toBe(a.digest);
      expect(run.summary).toContain('## Image not published');
      expect(run.summary).toContain('Nothing was pushed to the registry.');
    });

    it('refuses v1.0.0 from a commit never built, before running docker at all', async () => {
      const tagsBefore = await registryTags(registry.host, repo);
      const run = await act(
        repo,
        SHA_NEW,
        eventFixture('workflow-dispatch'),
        { environment: 'production', version: 'v1.0.0' },
        'workflow_dispatch',
      );
      expect(run.exitCode).toBe(1);
      expect(errorLines(run)[0]).toContain(
        `v1.0.0 already exists at ${a.digest}, and was not built from this commit (there is no sha-ccccccc)`,
      );
      expect(docker.calls()).toEqual([]);
      expect(await registryTags(registry.host, repo)).toEqual(tagsBefore);
    });
  });

  it('a registry that refuses the push (403): one error with the hint, and a summary saying so', async () => {
    const repo = 'octo-org/read-only';
    await pushSyntheticImage(registry.host, repo, 'sha-aaaaaaa', 'oci-manifest');
    const proxy = await startReadOnlyProxy(registry.host);
    try {
      const run = await act(repo, SHA_A, releaseOf('release-released-v1.0.0'), {}, 'release', proxy.host);
      expect(run.exitCode).toBe(1);
      expect(errorLines(run)).toEqual([
        `::error::Registry ${proxy.host} refused access (403: DENIED: requested access to the resource is denied). Check the credentials given for ${proxy.host} and that they may access this repository. No credentials were sent to ${proxy.host}: registry-password is empty.`,
      ]);
      expect(await registryTags(registry.host, repo)).toEqual(['sha-aaaaaaa']);
      expect(run.summary).toContain('## Image not published');
      expect(run.summary).toContain('| production | v1.0.0 |');
      expect(run.summary).toContain(`Failed while promoting: Registry ${proxy.host} refused access (403`);
      expect(run.summary).toContain('Some tags may already have been pushed');
    } finally {
      await proxy.stop();
    }
  });
});

describe('build-image sends github-token to ghcr.io only', () => {
  let registry: Registry;
  let docker: ReturnType<typeof recordingDocker>;
  // The registry would accept the job token: any request that carried it would succeed.
  const auth = { username: 'octocat', password: TOKEN };

  beforeAll(async () => {
    registry = await startRegistry({ auth });
    docker = recordingDocker();
    useBasicAuth(auth);
    await pushSyntheticImage(registry.host, 'octo-org/private', 'sha-aaaaaaa', 'oci-manifest');
    useBasicAuth(undefined);
  }, 60_000);
  afterAll(async () => {
    docker?.remove();
    await registry?.stop();
  }, 60_000);

  it('talks to another registry anonymously when only github-token is set, and says why it was refused', async () => {
    const offset = logOffset(registry.logFile);
    const run = await runBundledAction('build-image', {
      eventName: 'release',
      event: releaseOf('release-released-v1.0.0'),
      inputs: {
        image: `${registry.localhost}/octo-org/private`,
        context: context.dir,
        'github-token': TOKEN,
        'registry-username': 'octocat',
      },
      env: { GITHUB_SHA: SHA_A, PATH: docker.path },
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::Registry ${registry.localhost} refused access \\(401.*No credentials were sent to ${registry.localhost}: registry-password is empty, and github-token is only sent to ghcr\\.io\\.$`,
        ),
      ),
    ]);
    const requests = accessLog(registry.logFile, offset);
    expect(requests.length).toBeGreaterThan(0);
    // Every request was anonymous: with the token it would have been let in.
    expect(requests.filter((r) => r.status !== 401)).toEqual([]);
    expect(docker.calls().filter((call) => call.startsWith('login'))).toEqual([]);
    expect(visibleText(run)).not.toContain(TOKEN);
    expect(run.summary).toContain('Failed while reading the registry');
  });

  it('sends registry-password when it is given', async () => {
    const run = await runBundledAction('build-image', {
      eventName: 'release',
      event: releaseOf('release-released-v1.0.0'),
      inputs: {
        image: `${registry.localhost}/octo-org/private`,
        context: context.dir,
        'github-token': 'ghs_unused',
        'registry-username': 'octocat',
        'registry-password': TOKEN,
      },
      env: { GITHUB_SHA: SHA_A, PATH: docker.path },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.promoted).toBe('true');
  });
});
