import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { pushMinimalImage } from '../rollback/push-minimal-image';
import { runBundledAction } from '../support/run-bundled-action';

/**
 * The deploy and rollback actions' second front door: a config file with two
 * services, deployed together through the command target, recorded as one
 * deployment whose payload names both, rolled back together, with the moving
 * tags following the healthy release on the real registry. A ledger entry
 * written by the single-image version (one `app`) sits in the same
 * environment and is never taken for this service set's release.
 */
describe('deploy and rollback with a config file (two services)', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let work: string;
  let config: string;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-config-file-'));
    await pushRelease('v1.0.0');
    config = join(work, 'deploy-kit.yml');
    writeFileSync(
      config,
      [
        'services:',
        '  api:',
        `    image: ${registry.host}/acme/shop/api`,
        '  frontend:',
        `    image: ${registry.host}/acme/shop/frontend`,
        'environments:',
        '  live:',
        '    on: release',
        '    target:',
        '      kind: command',
        `      command: echo "$DEPLOY_VERSION $API_IMAGE $FRONTEND_IMAGE" >> ${work}/deployed`,
        '',
      ].join('\n'),
    );
    // What the single-image version recorded in the same environment: one image, no services.
    api.seed.deployment({
      environment: 'live',
      payload: { image: `${registry.host}/acme/other:v9.0.0`, digest: `sha256:${'9'.repeat(64)}`, version: 'v9.0.0' },
      states: ['in_progress', 'success'],
    });
  });
  afterAll(async () => {
    expect(api?.validationErrors).toEqual([]);
    await Promise.all([api?.stop(), registry?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // As build-image does: the version tags only; the moving tags are the deploy's to move.
  async function pushRelease(version: string): Promise<void> {
    for (const service of ['api', 'frontend'])
      digests[`${service}:${version}`] = await pushMinimalImage(
        registry.host,
        `acme/shop/${service}`,
        version,
        `${service}-${version}`,
      );
  }

  const run = (action: 'deploy' | 'rollback', inputs: Record<string, string>) =>
    runBundledAction(action, {
      inputs: { config, environment: 'live', 'github-token': 'ghs_configFileToken0123456789', ...inputs },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
  const deployed = () => readFileSync(join(work, 'deployed'), 'utf8').trim().split('\n');
  const ref = (service: string, version: string) =>
    `${registry.host}/acme/shop/${service}@${digests[`${service}:${version}`]}`;
  const tagDigest = async (service: string, tag: string) => {
    const response = await fetch(`http://${registry.host}/v2/acme/shop/${service}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      signal: AbortSignal.timeout(10_000),
    });
    return response.status === 200 ? response.headers.get('docker-content-digest') : undefined;
  };
  const payloads = () =>
    [...api.state.deployments].sort((a, b) => a.id - b.id).map((d) => d.payload as Record<string, unknown>);

  it('deploys both services in one operation and one deployment; latest follows each healthy release', async () => {
    const first = await run('deploy', { version: 'v1.0.0' });
    expect(first.exitCode).toBe(0);
    expect(deployed()).toEqual([`v1.0.0 ${ref('api', 'v1.0.0')} ${ref('frontend', 'v1.0.0')}`]);
    expect(payloads().at(-1)).toMatchObject({
      version: 'v1.0.0',
      services: [
        { service: 'api', image: `${registry.host}/acme/shop/api:v1.0.0`, digest: digests['api:v1.0.0'] },
        {
          service: 'frontend',
          image: `${registry.host}/acme/shop/frontend:v1.0.0`,
          digest: digests['frontend:v1.0.0'],
        },
      ],
    });
    // The single-image record of the same environment is another service set: not "previous".
    expect(payloads().at(-1)).not.toHaveProperty('previous');
    expect(await tagDigest('api', 'latest')).toBe(digests['api:v1.0.0']);
    expect(await tagDigest('frontend', 'latest')).toBe(digests['frontend:v1.0.0']);

    await pushRelease('v1.1.0');
    const second = await run('deploy', { version: 'v1.1.0' });
    expect(second.exitCode).toBe(0);
    expect(payloads().at(-1)).toMatchObject({ version: 'v1.1.0', previous: { version: 'v1.0.0' } });
    expect(await tagDigest('frontend', 'latest')).toBe(digests['frontend:v1.1.0']);
  });

  it('rolls both services back together to the last release good as a whole; latest goes back with them', async () => {
    const result = await run('rollback', { reason: 'frontend broken' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ version: 'v1.0.0', 'rolled-back-from': 'v1.1.0' });
    expect(deployed().at(-1)).toBe(`v1.0.0 ${ref('api', 'v1.0.0')} ${ref('frontend', 'v1.0.0')}`);
    expect(payloads().at(-1)).toMatchObject({ version: 'v1.0.0', rolledBackFrom: { version: 'v1.1.0' } });
    expect(await tagDigest('api', 'latest')).toBe(digests['api:v1.0.0']);
    expect(await tagDigest('frontend', 'latest')).toBe(digests['frontend:v1.0.0']);
  });

  it('stops at a freeze window the file sets, before anything is recorded or deployed', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const frozen = join(work, 'frozen.yml');
    writeFileSync(
      frozen,
      readFileSync(config, 'utf8').replace(
        '    on: release\n',
        `    on: release\n    freeze: ['${day(-1)} 00:00 - ${day(2)} 00:00 UTC']\n`,
      ),
    );
    const before = { deployments: api.state.deployments.length, deployed: deployed().length };
    const result = await run('deploy', { version: 'v1.1.0', config: frozen });
    expect(result.exitCode).toBe(1);
    const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Pre-deploy checks failed for live .*nothing was deployed: .*freeze/i);
    expect(api.state.deployments.length).toBe(before.deployments);
    expect(deployed()).toHaveLength(before.deployed);
  });

  it('names the environment the file does not have, before anything is recorded', async () => {
    const before = api.state.deployments.length;
    const result = await run('deploy', { version: 'v1.1.0', environment: 'staging' });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain(`::error::Input "environment" names no environment of ${config} (it has: live)`);
    expect(api.state.deployments.length).toBe(before);
  });
});
