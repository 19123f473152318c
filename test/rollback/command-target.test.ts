import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { runBundledAction } from '../support/run-bundled-action';
import { pushMinimalImage } from './push-minimal-image';

/**
 * deploy and rollback through the `command` target, which cannot say what
 * runs: the ledger decides, and a second rollback still changes nothing.
 */
describe('rollback with the command target', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let work: string;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-command-target-'));
    for (const version of ['v1', 'v2'])
      digests[version] = await pushMinimalImage(registry.host, 'acme/shop', version, version);
    // A release and the moving tag that points at it (same bytes, same digest).
    for (const tag of ['v3.0.0', 'latest'])
      digests[tag] = await pushMinimalImage(registry.host, 'acme/shop', tag, 'v3');
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), registry?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const run = (action: 'deploy' | 'rollback', inputs: Record<string, string>, timeoutMs = 60_000) =>
    runBundledAction(action, {
      inputs: {
        environment: 'staging',
        target: 'command',
        // Appends what it deployed, so the test sees every deploy the script was asked for.
        command: `echo "$DEPLOY_VERSION $DEPLOY_DIGEST" >> ${work}/deployed`,
        'github-token': 'ghs_commandTargetToken012345',
        ...inputs,
      },
      env: { GITHUB_API_URL: api.url },
      timeoutMs,
    });
  const deployed = () => readFileSync(join(work, 'deployed'), 'utf8').trim().split('\n');

  it('deploys v1 and v2, rolls back to v1 once, and a second rollback deploys and records nothing', async () => {
    expect((await run('deploy', { image: `${registry.host}/acme/shop:v1` })).exitCode).toBe(0);
    expect((await run('deploy', { image: `${registry.host}/acme/shop:v2` })).exitCode).toBe(0);

    const first = await run('rollback', { reason: 'v2 is slow' });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({ version: 'v1', 'rolled-back-from': 'v2', 'already-running': 'false' });
    expect(deployed()).toEqual([`v1 ${digests.v1}`, `v2 ${digests.v2}`, `v1 ${digests.v1}`]);
    const [v1, v2, rollback] = [...api.state.deployments].sort((a, b) => a.id - b.id);
    // v2 succeeded, then was rolled back: marked failed, with why.
    expect(api.latestState(v2!.id)).toBe('failure');
    expect(api.state.statuses.filter((s) => s.deploymentId === v2!.id).at(-1)?.description).toBe(
      `Rolled back by deployment #${rollback!.id}: v2 is slow`,
    );
    expect(api.latestState(v1!.id)).toBe('inactive');
    expect(api.latestState(rollback!.id)).toBe('success');

    const writes = api.writes().length;
    const second = await run('rollback', {});
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      version: 'v1',
      'deployment-id': String(rollback!.id),
      'already-running': 'true',
    });
    expect(deployed()).toHaveLength(3);
    expect(api.writes()).toHaveLength(writes);

    const named = await run('rollback', { to: 'v1' });
    expect(named.outputs['already-running']).toBe('true');
    expect(api.writes()).toHaveLength(writes);
    expect(api.validationErrors).toEqual([]);
  });

  it('deploying `latest` records the release it points at, not the moving tag', async () => {
    const environment = 'moving-tag';
    const run1 = await run('deploy', { environment, command: 'true', image: `${registry.host}/acme/shop:latest` });
    expect(run1.exitCode).toBe(0);
    expect(run1.outputs).toMatchObject({ version: 'v3.0.0', digest: digests.latest });
    expect(run1.log).toContain(`latest is v3.0.0 (${digests.latest})`);
    const record = api.state.deployments.find((d) => d.environment === environment)!;
    expect(record.payload).toMatchObject({ version: 'v3.0.0', digest: digests['v3.0.0'] });
  });

  it('re-running a failed rollback deploys the good release again, never the broken one', async () => {
    const environment = 'retry-failed-rollback';
    const log = join(work, `${environment}.log`);
    const command = `echo "$DEPLOY_VERSION" >> ${log}`;
    expect((await run('deploy', { environment, command, image: `${registry.host}/acme/shop:v1` })).exitCode).toBe(0);
    expect((await run('deploy', { environment, command, image: `${registry.host}/acme/shop:v2` })).exitCode).toBe(0);
    const failed = await run('rollback', { environment, command: 'exit 3' });
    expect(failed.exitCode).not.toBe(0);
    const ofEnvironment = () => api.state.deployments.filter((d) => d.environment === environment);
    const failedRollback = ofEnvironment().find((d) => d.task === 'rollback')!;
    expect(api.latestState(failedRollback.id)).toBe('failure');

    const retry = await run('rollback', { environment, command });
    expect(retry.exitCode).toBe(0);
    expect(retry.log).toContain(`Rolling back ${environment} from v2 to v1`);
    expect(retry.outputs).toMatchObject({ version: 'v1', 'rolled-back-from': 'v2', 'already-running': 'false' });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['v1', 'v2', 'v1']);
    const [v1, v2] = ofEnvironment().sort((a, b) => a.id - b.id);
    expect(api.latestState(v2!.id)).toBe('failure');
    expect(v1!.payload).toMatchObject({ version: 'v1' });
    expect(api.validationErrors).toEqual([]);
  });

  it('a live, healthy rollback stays successful when GitHub refuses to mark the old deployment failed', async () => {
    const environment = 'rollback-mark-fails';
    const command = 'true';
    expect((await run('deploy', { environment, command, image: `${registry.host}/acme/shop:v1` })).exitCode).toBe(0);
    expect((await run('deploy', { environment, command, image: `${registry.host}/acme/shop:v2` })).exitCode).toBe(0);
    const v2 = api.state.deployments.filter((d) => d.environment === environment).sort((a, b) => b.id - a.id)[0]!;
    api.fault(
      'POST',
      `/repos/octo-org/hello-world/deployments/${v2.id}/statuses`,
      { type: 'status', status: 503 },
      Infinity,
    );

    // The client retries each 503 with backoff (deactivating v2, then marking it failed): give it time.
    const rollback = await run('rollback', { environment, command }, 150_000);
    expect(rollback.exitCode).toBe(0);
    expect(rollback.outputs).toMatchObject({ version: 'v1', 'rolled-back-from': 'v2' });
    const record = api.state.deployments.find((d) => d.environment === environment && d.task === 'rollback')!;
    expect(api.latestState(record.id)).toBe('success');
    expect(rollback.log).toMatch(new RegExp(`::warning::.*could not mark deployment #${v2.id} \\(v2\\) as failed`));
    expect(api.validationErrors).toEqual([]);
  }, 200_000);
});
