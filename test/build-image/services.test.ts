import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPodman, startRegistry, type Podman, type Registry } from '../infra/index';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { accessLog, logOffset } from '../support/registry-access-log';
import { errorLines, eventFixture, recordingDocker, registryManifest, registryTags } from './helpers';

// The config file path: one release builds every service of .github/deploy-kit.yml with its own
// image, context and build arguments, and a release of the same commit promotes each by digest.
const SHA_BETA = 'ffac537e6cbbf934b08745a378932722df287a53';
const root = resolve(import.meta.dirname, '../..');

interface ServiceOutput {
  service: string;
  image: string;
  digest: string;
  'image-ref': string;
  tags: string[];
  promoted: boolean;
}

describe('build-image with a config file: every service (real registry, docker CLI)', () => {
  let registry: Registry;
  let podman: Podman;
  let docker: ReturnType<typeof recordingDocker>;
  let repo: string;
  let config: string;

  beforeAll(async () => {
    [registry, podman] = await Promise.all([startRegistry(), startPodman()]);
    docker = recordingDocker();
    // A checkout with two services, each its own context; the file names them by absolute path
    // since the action runs in this test's working directory.
    repo = mkdtempSync(join(tmpdir(), 'deploy-kit-two-services-'));
    for (const dir of ['api-server', 'frontend']) {
      mkdirSync(join(repo, dir));
      copyFileSync(join(root, 'test/fixtures/app-image/Dockerfile'), join(repo, dir, 'Dockerfile'));
      copyFileSync('/bin/busybox', join(repo, dir, 'busybox'));
    }
    mkdirSync(join(repo, '.github'));
    config = join(repo, '.github/deploy-kit.yml');
    writeFileSync(
      config,
      [
        'services:',
        '  api:',
        `    context: ${repo}/api-server`,
        `    image: ${registry.localhost}/acme/shop/api`,
        '    build-args: { HEALTH: api-ok }',
        '  frontend:',
        `    context: ${repo}/frontend`,
        `    image: ${registry.localhost}/acme/shop/frontend`,
        'environments:',
        '  preview:',
        '    on: prerelease',
        '    target: { kind: command, command: ./deploy.sh }',
        '  live:',
        '    on: release',
        '    target: { kind: command, command: ./deploy.sh }',
        '',
      ].join('\n'),
    );
  }, 120_000);

  afterAll(async () => {
    docker?.remove();
    if (repo) rmSync(repo, { recursive: true, force: true });
    await Promise.all([registry?.stop(), podman?.stop()]);
  }, 120_000);

  async function release(fixture: string, inputs: Record<string, string> = {}): Promise<BundledActionRun> {
    docker.reset();
    const run = await runBundledAction('build-image', {
      eventName: 'release',
      event: eventFixture(fixture),
      inputs: {
        config,
        'github-token': 'ghs_notARealTokenButSecret42',
        labels: `io.deploy-kit.test.built-by=${podman.dockerHost}`,
        ...inputs,
      },
      env: { ...podman.env, PATH: docker.path, GITHUB_SHA: SHA_BETA },
    });
    if (run.exitCode !== 0 || process.env.SHOW_LOG) console.error(`${run.log}\n--- summary ---\n${run.summary}`);
    return run;
  }

  const services = (run: BundledActionRun) => JSON.parse(run.outputs.services ?? '[]') as ServiceOutput[];
  const digestOf = async (service: string, tag: string) =>
    (await registryManifest(registry.host, `acme/shop/${service}`, tag)).digest;

  it('builds a prerelease of both services: version and sha tags each, nothing moving, per-service labels', async () => {
    // The input's build arguments go to every service; a service's own in the file win.
    const run = await release('release-prereleased-v1.0.0-beta.1', {
      'build-args': 'VERSION=v1.0.0-beta.1\nHEALTH=from-input',
    });
    expect(run.exitCode).toBe(0);
    for (const service of ['api', 'frontend']) {
      expect(await registryTags(registry.host, `acme/shop/${service}`)).toEqual(['sha-ffac537', 'v1.0.0-beta.1']);
    }
    const [api, frontend] = services(run);
    const apiImage = `${registry.localhost}/acme/shop/api`;
    expect(api).toEqual({
      service: 'api',
      image: apiImage,
      digest: await digestOf('api', 'sha-ffac537'),
      'image-ref': `${apiImage}@${await digestOf('api', 'sha-ffac537')}`,
      tags: [`${apiImage}:v1.0.0-beta.1`, `${apiImage}:sha-ffac537`],
      promoted: false,
    });
    expect(frontend).toMatchObject({ service: 'frontend', digest: await digestOf('frontend', 'sha-ffac537') });
    expect(api?.digest).not.toBe(frontend?.digest);
    expect(run.outputs).toMatchObject({
      environment: 'preview',
      version: 'v1.0.0-beta.1',
      prerelease: 'true',
      promoted: 'false',
      image: '',
      digest: '',
    });
    // Each service is built from its own context with its own build arguments.
    const builds = docker.calls().filter((call) => call.startsWith('build '));
    expect(builds).toHaveLength(2);
    expect(builds[0]).toContain(`--build-arg HEALTH=api-ok`);
    expect(builds[0]).toContain(`${repo}/api-server`);
    expect(builds[1]).toContain(`${repo}/frontend`);
    expect(builds[1]).not.toContain('HEALTH=api-ok');
    expect(builds[1]).toContain('--build-arg VERSION=v1.0.0-beta.1 --build-arg HEALTH=from-input');
    expect(builds[0]).toContain('--build-arg HEALTH=from-input --build-arg HEALTH=api-ok');
    // The OCI title names the service.
    const { bytes } = await registryManifest(registry.host, 'acme/shop/frontend', 'sha-ffac537');
    const configDigest = (JSON.parse(bytes.toString()) as { config: { digest: string } }).config.digest;
    const blob = await fetch(`http://${registry.host}/v2/acme/shop/frontend/blobs/${configDigest}`);
    const labels = ((await blob.json()) as { config: { Labels: Record<string, string> } }).config.Labels;
    expect(labels).toMatchObject({
      'org.opencontainers.image.title': 'frontend',
      'org.opencontainers.image.version': 'v1.0.0-beta.1',
    });
    expect(run.summary).toContain('| api |');
    expect(run.summary).toContain('| frontend |');
    expect(run.summary).toContain('`preview` moves to these images once preview is healthy, not at build.');
  });

  it('promotes both services by digest for the release of the same commit: no build, no blob', async () => {
    const before = { api: await digestOf('api', 'sha-ffac537'), frontend: await digestOf('frontend', 'sha-ffac537') };
    const offset = logOffset(registry.logFile);
    const run = await release('release-released-v1.0.0');
    expect(run.exitCode).toBe(0);
    expect(docker.calls()).toEqual([]);
    expect(accessLog(registry.logFile, offset).filter((r) => r.path.includes('/blobs/'))).toEqual([]);
    expect(await digestOf('api', 'v1.0.0')).toBe(before.api);
    expect(await digestOf('frontend', 'v1.0.0')).toBe(before.frontend);
    expect(services(run).map((s) => [s.service, s.digest, s.promoted])).toEqual([
      ['api', before.api, true],
      ['frontend', before.frontend, true],
    ]);
    expect(run.outputs).toMatchObject({ environment: 'live', version: 'v1.0.0', promoted: 'true' });
    for (const service of ['api', 'frontend']) {
      expect(await registryTags(registry.host, `acme/shop/${service}`)).not.toContain('latest');
    }
    expect(run.summary).toContain('`latest` moves to these images once live is healthy, not at build.');
  });

  it('builds only the services picked by the services input', async () => {
    const run = await release('release-released-v1.0.0', { services: 'frontend' });
    expect(run.exitCode).toBe(0);
    expect(services(run).map((s) => s.service)).toEqual(['frontend']);
    expect(run.outputs.digest).toBe(await digestOf('frontend', 'v1.0.0'));
  });

  it('refuses a broken file with one error line at its line and column, before any registry request', async () => {
    const broken = join(repo, '.github/broken.yml');
    writeFileSync(
      broken,
      `services:\n  api:\n    context: ${repo}/nowhere\nenvironments:\n  live: { on: release, target: { kind: command, command: x } }\n`,
    );
    const offset = logOffset(registry.logFile);
    const run = await release('release-released-v1.0.0', { config: broken });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      `::error::${broken}:3:5: services.api.context: "${repo}/nowhere" is not a directory`,
    ]);
    expect(accessLog(registry.logFile, offset)).toEqual([]);
    expect(docker.calls()).toEqual([]);
  });
});
