import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const TIMEOUT = () => AbortSignal.timeout(10_000);

/**
 * expect-version: true expects the version the deployed digest was built as
 * (its org.opencontainers.image.version label, read from the real registry),
 * not the deploy's version: a release promotes its prerelease's digest, and
 * the app in it reports the prerelease's version. Without the label the
 * deploy's version is expected, as before; a wrong version still fails.
 */
describe('expect-version: true expects the version the image was built as', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let app: Server;
  let work: string;
  let config: string;
  /** A service whose images carry no version label. */
  let plainConfig: string;
  /** What the app's /health reports as its version. */
  let answering = '';

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    api.seed.environment('production');
    app = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', version: answering }));
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const health = `http://127.0.0.1:${(app.address() as AddressInfo).port}/health`;
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-built-version-'));
    const settings = '{ json: [\'status == "ok"\'], expect-version: true, interval: 200ms, max-attempts: 3 }';
    const write = (service: string) => {
      const file = join(work, `${service}.yml`);
      writeFileSync(
        file,
        [
          'services:',
          `  ${service}:`,
          `    image: ${registry.host}/acme/shop/${service}`,
          `    health: ${settings}`,
          'environments:',
          '  production:',
          '    on: release',
          `    health: { ${service}: ${health} }`,
          '    target: { kind: command, command: "true" }',
          '',
        ].join('\n'),
      );
      return file;
    };
    config = write('api');
    plainConfig = write('plain');
  }, 120_000);
  afterAll(async () => {
    expect(api?.validationErrors).toEqual([]);
    await Promise.all([api?.stop(), registry?.stop(), new Promise((resolve) => app?.close(resolve))]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Pushes a small image whose config carries `labels`, under `tag`; returns the manifest. */
  async function pushImage(repository: string, tag: string, labels: Record<string, string>) {
    const base = `http://${registry.host}/v2/${repository}`;
    const upload = async (bytes: Buffer) => {
      const digest = sha256(bytes);
      const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST', signal: TIMEOUT() });
      const location = new URL(start.headers.get('location') ?? '', `http://${registry.host}`);
      location.searchParams.set('digest', digest);
      const put = await fetch(location, { method: 'PUT', body: bytes, signal: TIMEOUT() });
      if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
      return { digest, size: bytes.length };
    };
    const configBlob = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: { ...labels, marker: `${repository}:${tag}` } },
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...(await upload(configBlob)) },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...(await upload(Buffer.from(tag))) }],
      }),
    );
    await putManifest(repository, tag, manifest);
    return manifest;
  }
  async function putManifest(repository: string, tag: string, manifest: Buffer) {
    const put = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      body: manifest,
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      signal: TIMEOUT(),
    });
    if (put.status !== 201) throw new Error(`manifest upload answered ${put.status}`);
  }
  /**
   * A multi-platform build: an index whose first entry is an attestation
   * (platform unknown/unknown, no labels), then the platform image.
   */
  async function pushIndex(repository: string, tag: string, labels: Record<string, string>) {
    const entry = (bytes: Buffer, os: string) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(bytes),
      size: bytes.length,
      platform: { architecture: os === 'unknown' ? 'unknown' : 'amd64', os },
    });
    const attestation = await pushImage(repository, `${tag}-attestation`, {});
    const image = await pushImage(repository, `${tag}-amd64`, labels);
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [entry(attestation, 'unknown'), entry(image, 'linux')],
      }),
    );
    const put = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      body: index,
      headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
      signal: TIMEOUT(),
    });
    if (put.status !== 201) throw new Error(`index upload answered ${put.status}`);
  }
  /** As build-image then promotion do: the prerelease's build, and the release's tag on the same digest. */
  async function buildAndPromote(repository: string, prerelease: string, release: string) {
    const manifest = await pushImage(repository, prerelease, { 'org.opencontainers.image.version': prerelease });
    await putManifest(repository, release, manifest);
  }

  const run = (action: 'deploy' | 'rollback', inputs: Record<string, string>) =>
    runBundledAction(action, {
      inputs: { 'github-token': 'ghs_builtVersionToken0123456789', ...inputs },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 120_000,
    });
  const errors = (result: BundledActionRun) => result.log.split('\n').filter((line) => line.startsWith('::error::'));
  const expectSuccess = (result: BundledActionRun) => {
    expect(errors(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
  };

  it('a release promoting its prerelease digest passes against the app answering the prerelease version', async () => {
    await buildAndPromote('acme/shop/api', 'v1.0.0-beta.1', 'v1.0.0');
    answering = 'v1.0.0-beta.1';
    const result = await run('deploy', { config, environment: 'production', version: 'v1.0.0' });
    expectSuccess(result);
    expect(result.outputs).toMatchObject({ version: 'v1.0.0' });
    expect(result.log).toContain('was built as v1.0.0-beta.1');
  });

  it('a genuinely wrong version still fails the health check', async () => {
    await buildAndPromote('acme/shop/api', 'v1.1.0-rc.1', 'v1.1.0');
    answering = 'v1.0.0-beta.1';
    const result = await run('deploy', { config, environment: 'production', version: 'v1.1.0' });
    expect(result.exitCode).not.toBe(0);
    expect(errors(result).join('\n')).toContain('expected "v1.1.0-rc.1"');
  });

  it('a rollback expects the version its own older digest was built as', async () => {
    answering = 'v1.0.0-beta.1';
    const result = await run('rollback', { config, environment: 'production', reason: 'v1.1.0 broken' });
    expectSuccess(result);
    expect(result.outputs).toMatchObject({ version: 'v1.0.0', 'rolled-back-from': 'v1.1.0' });
  });

  it('an image without the label expects the deploy version, as before', async () => {
    await pushImage('acme/shop/plain', 'v2.0.0', {});
    answering = 'v2.0.0';
    expectSuccess(await run('deploy', { config: plainConfig, environment: 'production', version: 'v2.0.0' }));

    await pushImage('acme/shop/plain', 'v2.1.0', {});
    answering = 'v2.0.0';
    const wrong = await run('deploy', { config: plainConfig, environment: 'production', version: 'v2.1.0' });
    expect(wrong.exitCode).not.toBe(0);
    expect(errors(wrong).join('\n')).toContain('expected "v2.1.0"');
  });

  it('a multi-platform image (an index) is read through its platform image, past the attestation', async () => {
    await pushIndex('acme/multi', 'v4.0.0', { 'org.opencontainers.image.version': 'v4.0.0-rc.1' });
    answering = 'v4.0.0-rc.1';
    const result = await run('deploy', {
      environment: 'production',
      image: `${registry.host}/acme/multi:v4.0.0`,
      target: 'command',
      command: 'true',
      'health-url': `http://127.0.0.1:${(app.address() as AddressInfo).port}/health`,
      'expect-version': 'true',
      'max-attempts': '3',
      interval: '200ms',
    });
    expectSuccess(result);
    expect(result.log).toContain('was built as v4.0.0-rc.1');
  });

  it('the inputs path: expect-version: true is the same rule', async () => {
    await buildAndPromote('acme/solo', 'v3.0.0-beta.2', 'v3.0.0');
    answering = 'v3.0.0-beta.2';
    const result = await run('deploy', {
      environment: 'production',
      image: `${registry.host}/acme/solo:v3.0.0`,
      target: 'command',
      command: 'true',
      'health-url': `http://127.0.0.1:${(app.address() as AddressInfo).port}/health`,
      'expect-version': 'true',
      'max-attempts': '3',
      interval: '200ms',
    });
    expectSuccess(result);
    expect(result.log).toContain('was built as v3.0.0-beta.2');
  });
});
