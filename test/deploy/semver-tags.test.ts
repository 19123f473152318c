import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { pushMinimalImage } from '../rollback/push-minimal-image';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';

/**
 * `vMAJOR.MINOR` and `vMAJOR` move with `latest` once production is healthy, on the real registry:
 * never for a prerelease, each only forward within its line, back with `latest` after a rollback,
 * and not at all with `semver-tags: false`.
 */
describe('vMAJOR and vMAJOR.MINOR follow latest', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let work: string;
  let config: string;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    for (const environment of ['preview', 'live', 'production']) api.seed.environment(environment);
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-semver-tags-'));
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
        '  preview:',
        '    on: prerelease',
        '    target: { kind: command, command: "true" }',
        '  live:',
        '    on: release',
        '    target: { kind: command, command: "true" }',
        '',
      ].join('\n'),
    );
  }, 120_000);
  afterAll(async () => {
    expect(api?.validationErrors).toEqual([]);
    await Promise.all([api?.stop(), registry?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // As build-image does: the version tags only; the moving tags are the deploy's to move.
  async function pushRelease(repository: string, version: string): Promise<void> {
    digests[`${repository}:${version}`] = await pushMinimalImage(
      registry.host,
      repository,
      version,
      `${repository}-${version}`,
    );
  }
  const pushBoth = async (version: string) => {
    for (const service of ['api', 'frontend']) await pushRelease(`acme/shop/${service}`, version);
  };
  const run = (action: 'deploy' | 'rollback', inputs: Record<string, string>) =>
    runBundledAction(action, {
      inputs: { 'github-token': 'ghs_semverTagsToken0123456789', ...inputs },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 90_000,
    });
  /** Exit 0, and no error line (so a failure shows why). */
  const expectSuccess = (result: BundledActionRun) => {
    expect(result.log.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([]);
    expect(result.exitCode).toBe(0);
  };
  const tagDigest = async (repository: string, tag: string) => {
    const response = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      signal: AbortSignal.timeout(10_000),
    });
    return response.status === 200 ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
  };
  /** Which release each tag of each service points at, by digest (undefined: no such tag). */
  const tagsOf = async (tags: string[]) => {
    const found: Record<string, Record<string, string | undefined>> = {};
    for (const service of ['api', 'frontend']) {
      const repository = `acme/shop/${service}`;
      found[service] = {};
      for (const tag of tags) {
        const digest = await tagDigest(repository, tag);
        const release = Object.entries(digests).find(([key, d]) => key.startsWith(`${repository}:`) && d === digest);
        found[service]![tag] = release?.[0].slice(repository.length + 1);
      }
    }
    return found;
  };
  const both = (tags: Record<string, string | undefined>) => ({ api: tags, frontend: tags });

  it('a prerelease moves only its environment tag; a healthy full release moves latest, vX.Y and vX', async () => {
    await pushBoth('v1.0.0-beta.1');
    const beta = await run('deploy', { config, environment: 'preview', version: 'v1.0.0-beta.1' });
    expectSuccess(beta);
    expect(await tagsOf(['preview', 'latest', 'v1', 'v1.0'])).toEqual(
      both({ preview: 'v1.0.0-beta.1', latest: undefined, v1: undefined, 'v1.0': undefined }),
    );

    await pushBoth('v1.0.0');
    const release = await run('deploy', { config, environment: 'live', version: 'v1.0.0' });
    expectSuccess(release);
    expect(release.log).toContain('api: moved latest, v1.0, v1 to ');
    expect(await tagsOf(['latest', 'v1', 'v1.0'])).toEqual(both({ latest: 'v1.0.0', v1: 'v1.0.0', 'v1.0': 'v1.0.0' }));

    await pushBoth('v1.1.0');
    expectSuccess(await run('deploy', { config, environment: 'live', version: 'v1.1.0' }));
    expect(await tagsOf(['latest', 'v1', 'v1.0', 'v1.1'])).toEqual(
      both({ latest: 'v1.1.0', v1: 'v1.1.0', 'v1.0': 'v1.0.0', 'v1.1': 'v1.1.0' }),
    );
  });

  it('after a rollback latest and vX go back with the release; the rolled-back one keeps none of them', async () => {
    await pushBoth('v1.2.0');
    expectSuccess(await run('deploy', { config, environment: 'live', version: 'v1.2.0' }));
    expect(await tagsOf(['latest', 'v1', 'v1.2'])).toEqual(both({ latest: 'v1.2.0', v1: 'v1.2.0', 'v1.2': 'v1.2.0' }));

    const rollback = await run('rollback', { config, environment: 'live', reason: 'broken' });
    expectSuccess(rollback);
    expect(rollback.outputs).toMatchObject({ version: 'v1.1.0', 'rolled-back-from': 'v1.2.0' });
    // v1.2 names only the rolled-back line: no other release can hold it, and deploy-kit deletes no tag.
    expect(await tagsOf(['latest', 'v1', 'v1.1', 'v1.2'])).toEqual(
      both({ latest: 'v1.1.0', v1: 'v1.1.0', 'v1.1': 'v1.1.0', 'v1.2': 'v1.2.0' }),
    );
  });

  it('a backport moves its own line only; the rolled-back release does not count as the highest', async () => {
    await pushBoth('v1.0.1');
    expectSuccess(await run('deploy', { config, environment: 'live', version: 'v1.0.1' }));
    expect(await tagsOf(['latest', 'v1', 'v1.0', 'v1.1'])).toEqual(
      both({ latest: 'v1.1.0', v1: 'v1.1.0', 'v1.0': 'v1.0.1', 'v1.1': 'v1.1.0' }),
    );

    await pushBoth('v1.3.0');
    expectSuccess(await run('deploy', { config, environment: 'live', version: 'v1.3.0' }));
    expect(await tagsOf(['latest', 'v1', 'v1.3'])).toEqual(both({ latest: 'v1.3.0', v1: 'v1.3.0', 'v1.3': 'v1.3.0' }));
  });

  it('a rollback to a release below another healthy one takes latest and vX off the rolled-back release', async () => {
    const rollback = await run('rollback', { config, environment: 'live', to: 'v1.0.1', reason: 'v1.3.0 broken' });
    expectSuccess(rollback);
    expect(rollback.outputs).toMatchObject({ version: 'v1.0.1', 'rolled-back-from': 'v1.3.0' });
    // latest and v1 go to v1.1.0, the highest release not rolled back; v1.3 has no other release.
    expect(await tagsOf(['latest', 'v1', 'v1.0', 'v1.3'])).toEqual(
      both({ latest: 'v1.1.0', v1: 'v1.1.0', 'v1.0': 'v1.0.1', 'v1.3': 'v1.3.0' }),
    );
  });

  it('with semver-tags: false only latest moves (the inputs path, one image)', async () => {
    const repository = 'acme/solo';
    await pushRelease(repository, 'v2.0.0');
    const result = await run('deploy', {
      environment: 'production',
      image: `${registry.host}/${repository}:v2.0.0`,
      target: 'command',
      command: 'true',
      'semver-tags': 'false',
    });
    expectSuccess(result);
    expect(await tagDigest(repository, 'latest')).toBe(digests[`${repository}:v2.0.0`]);
    expect(await tagDigest(repository, 'v2')).toBeUndefined();
    expect(await tagDigest(repository, 'v2.0')).toBeUndefined();
  });
});
