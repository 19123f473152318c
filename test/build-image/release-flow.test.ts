import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCommand, startPodman, startRegistry, type Podman, type Registry } from '../infra/index';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import {
  eventFixture,
  makeBuildContext,
  recordingDocker,
  registryManifest,
  registryTags,
  visibleText,
} from './helpers';
import { accessLog, logOffset } from '../support/registry-access-log';

// One registry and one Podman engine for the whole story, in order: a prerelease is built,
// the release of the same commit is promoted, a later release and a backport get their own tags.
// Only the version and sha tags are pushed at build: `latest`, `staging`, `vX.Y` and `vX` move after
// a healthy deploy (tagsAfterHealth + moveTags, tested in packages/), never here.
const REPOSITORY = 'octo-org/hello-world';
const SHA_BETA = 'ffac537e6cbbf934b08745a378932722df287a53';
const SHA_V110 = '2c5b0e8cd5a0f4a1d5c0ee7d2e3c4a3b9f6e1d20';
const SHA_BACKPORT = '9d3f1e2a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e';

describe('build-image on a real registry and the docker CLI', () => {
  let registry: Registry;
  let podman: Podman;
  let context: ReturnType<typeof makeBuildContext>;
  let docker: ReturnType<typeof recordingDocker>;
  let image: string;

  beforeAll(async () => {
    [registry, podman] = await Promise.all([startRegistry(), startPodman()]);
    context = makeBuildContext();
    docker = recordingDocker();
    // Podman's login endpoint speaks plain HTTP to localhost:PORT only (test/infra/registry.ts).
    image = `${registry.localhost}/${REPOSITORY}`;
  }, 120_000);

  afterAll(async () => {
    context?.remove();
    docker?.remove();
    await Promise.all([registry?.stop(), podman?.stop()]);
  }, 120_000);

  async function release(
    fixture: string,
    sha: string,
    inputs: Record<string, string> = {},
    eventName = 'release',
  ): Promise<BundledActionRun> {
    docker.reset();
    const event = eventFixture(fixture);
    const version = (event.release as { tag_name?: string } | undefined)?.tag_name ?? inputs.version;
    const run = await runBundledAction('build-image', {
      eventName,
      event,
      inputs: {
        image,
        context: context.dir,
        'github-token': 'ghs_notARealTokenButSecret42',
        // Lets the Podman instance's stop() remove what the action built.
        labels: `io.deploy-kit.test.built-by=${podman.dockerHost}`,
        'build-args': `VERSION=${version}`,
        ...inputs,
      },
      env: { ...podman.env, PATH: docker.path, GITHUB_SHA: sha },
    });
    if (run.exitCode !== 0 || process.env.SHOW_LOG) console.error(`${run.log}\n--- summary ---\n${run.summary}`);
    return run;
  }

  const digestOf = async (tag: string) => (await registryManifest(registry.host, REPOSITORY, tag)).digest;

  it('builds a prerelease and pushes <tag> and sha-<short> only (staging moves after health)', async () => {
    const run = await release('release-prereleased-v1.0.0-beta.1', SHA_BETA);
    expect(run.exitCode).toBe(0);
    expect(await registryTags(registry.host, REPOSITORY)).toEqual(['sha-ffac537', 'v1.0.0-beta.1']);
    const digest = await digestOf('sha-ffac537');
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(await digestOf('v1.0.0-beta.1')).toBe(digest);
    expect(run.outputs).toEqual({
      image,
      version: 'v1.0.0-beta.1',
      environment: 'staging',
      prerelease: 'true',
      tags: [`${image}:v1.0.0-beta.1`, `${image}:sha-ffac537`].join('\n'),
      digest,
      'image-ref': `${image}@${digest}`,
      promoted: 'false',
      services: JSON.stringify([
        {
          service: 'app',
          image,
          digest,
          'image-ref': `${image}@${digest}`,
          tags: [`${image}:v1.0.0-beta.1`, `${image}:sha-ffac537`],
          promoted: false,
        },
      ]),
    });
    // github-token is for ghcr.io only: no login to this registry, docker pushes anonymously.
    expect(docker.calls().filter((call) => /^(login|logout)\b/.test(call))).toEqual([]);
    const build = docker.calls().find((call) => call.startsWith('build '));
    expect(build).toContain('--build-arg VERSION=v1.0.0-beta.1');
    expect(run.summary).toContain('| staging | v1.0.0-beta.1 |');
    expect(run.summary).toContain(`| ${image}:v1.0.0-beta.1 | ${digest} |`);
    expect(run.summary).not.toContain(`| ${image}:staging |`);
    expect(run.summary).toContain('`staging` moves to this image once staging is healthy, not at build.');
    expect(run.summary).toContain('built with docker build and pushed');
    // The labels the planner computed are on the image the registry holds.
    const { bytes } = await registryManifest(registry.host, REPOSITORY, 'sha-ffac537');
    const config = JSON.parse(bytes.toString()) as { config: { digest: string } };
    const blob = await fetch(`http://${registry.host}/v2/${REPOSITORY}/blobs/${config.config.digest}`);
    const labels = ((await blob.json()) as { config: { Labels: Record<string, string> } }).config.Labels;
    expect(labels).toMatchObject({
      'org.opencontainers.image.version': 'v1.0.0-beta.1',
      'org.opencontainers.image.revision': SHA_BETA,
      'org.opencontainers.image.source': 'https://github.com/octo-org/hello-world',
    });
    expect(visibleText(run)).not.toContain('ghs_notARealTokenButSecret42');
  });

  it('promotes the release of the same commit: same digest, version tag added, latest not yet, nothing built', async () => {
    const before = await registryManifest(registry.host, REPOSITORY, 'sha-ffac537');
    const offset = logOffset(registry.logFile);
    const run = await release('release-released-v1.0.0', SHA_BETA);
    expect(run.exitCode).toBe(0);
    expect(docker.calls()).toEqual([]);
    // What reached the registry during the run: manifests only, not one blob request.
    const requests = accessLog(registry.logFile, offset);
    expect(requests.some((r) => r.method === 'PUT' && r.path.endsWith('/manifests/v1.0.0'))).toBe(true);
    expect(requests.some((r) => r.method === 'PUT' && r.path.endsWith('/manifests/latest'))).toBe(false);
    expect(requests.filter((r) => r.path.includes('/blobs/'))).toEqual([]);
    expect(await registryTags(registry.host, REPOSITORY)).toEqual(['sha-ffac537', 'v1.0.0', 'v1.0.0-beta.1']);
    for (const tag of ['v1.0.0']) {
      const promoted = await registryManifest(registry.host, REPOSITORY, tag);
      expect(promoted.digest).toBe(before.digest);
      expect(promoted.mediaType).toBe(before.mediaType);
      expect(promoted.bytes.equals(before.bytes)).toBe(true);
    }
    expect(run.outputs).toMatchObject({
      environment: 'production',
      version: 'v1.0.0',
      prerelease: 'false',
      promoted: 'true',
      digest: before.digest,
      tags: [`${image}:v1.0.0`, `${image}:sha-ffac537`].join('\n'),
    });
    expect(run.summary).toContain('promoted from `sha-ffac537` (no build)');
    expect(run.summary).toContain(`| ${image}:v1.0.0 | ${before.digest} |`);
    expect(run.summary).toContain('`latest` moves to this image once production is healthy, not at build.');
  });

  it('gives the same digest as skopeo copy of the same tag', async () => {
    await runCommand(
      'skopeo',
      [
        'copy',
        '--all',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        `docker://${registry.host}/${REPOSITORY}:sha-ffac537`,
        `docker://${registry.host}/skopeo/copy:v1.0.0`,
      ],
      { timeoutMs: 60_000 },
    );
    expect((await registryManifest(registry.host, 'skopeo/copy', 'v1.0.0')).digest).toBe(await digestOf('v1.0.0'));
  });

  it('builds a later release of a new commit without moving latest, v1.1 or v1 (semver-tags)', async () => {
    const run = await release('release-released-v1.1.0', SHA_V110, { 'semver-tags': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.promoted).toBe('false');
    const digest = await digestOf('sha-2c5b0e8');
    expect(digest).not.toBe(await digestOf('v1.0.0'));
    expect(await digestOf('v1.1.0')).toBe(digest);
    const tags = await registryTags(registry.host, REPOSITORY);
    for (const moving of ['latest', 'v1.1', 'v1', 'staging']) expect(tags).not.toContain(moving);
    expect(run.summary).toContain(
      '`latest`, `v1.1`, `v1` move to this image once production is healthy, not at build.',
    );
  });

  it('promotes on a manual dispatch that names the environment and version', async () => {
    const run = await release(
      'workflow-dispatch',
      SHA_V110,
      { environment: 'staging', version: 'v1.1.0' },
      'workflow_dispatch',
    );
    expect(run.exitCode).toBe(0);
    expect(docker.calls()).toEqual([]);
    expect(run.outputs).toMatchObject({ environment: 'staging', version: 'v1.1.0', promoted: 'true' });
    expect(await digestOf('v1.1.0')).toBe(await digestOf('sha-2c5b0e8'));
    expect(await registryTags(registry.host, REPOSITORY)).not.toContain('staging');
  });

  it('warns that latest will stay for a backport', async () => {
    const run = await release('release-released-backport-v1.0.1', SHA_BACKPORT);
    expect(run.exitCode).toBe(0);
    expect(await digestOf('v1.0.1')).toBe(await digestOf('sha-9d3f1e2'));
    expect(await digestOf('v1.0.1')).not.toBe(await digestOf('v1.1.0'));
    expect(run.outputs.tags).toBe([`${image}:v1.0.1`, `${image}:sha-9d3f1e2`].join('\n'));
    expect(run.log).toMatch(/^::warning::.*v1\.1\.0/m);
  });

  it('with push: false builds only: no login, no push, no registry writes, and says so', async () => {
    const tagsBefore = await registryTags(registry.host, REPOSITORY);
    const run = await release('release-published-v1.2.0', SHA_BACKPORT, { push: 'false' });
    expect(run.exitCode).toBe(0);
    expect(await registryTags(registry.host, REPOSITORY)).toEqual(tagsBefore);
    expect(docker.calls().filter((call) => /^(login|push|logout)\b/.test(call))).toEqual([]);
    expect(docker.calls().some((call) => call.startsWith('build '))).toBe(true);
    expect(run.outputs).toMatchObject({ version: 'v1.2.0', digest: '', 'image-ref': '', promoted: 'false' });
    expect(run.log).toContain('push is false: the image was built but nothing was pushed to the registry');
    expect(run.summary).toContain('not pushed (push: false)');
  });
});
