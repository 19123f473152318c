import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { leakedSecrets, runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { healthInputs, startRealHost, visibleOutput, type RealHost } from '../deploy/real-host';
import { fetchText } from '../targets/compose-project';

/**
 * The issue's scenario, end to end on real components: deploy v1 (healthy,
 * ledger success) -> deploy v2 whose /api/health says "unhealthy" (deploy
 * fails, ledger failure) -> rollback (v1's digest serving again, healthy,
 * ledger shows the rollback) -> rollback again (nothing changes).
 */
describe('deploy, failed deploy, rollback on a real SSH + compose host', () => {
  let host: RealHost;
  const runs: BundledActionRun[] = [];
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    host = await startRealHost({ images: [{ version: 'v1.0.0' }, { version: 'v2.0.0', health: 'unhealthy' }] });
  }, 300_000);
  afterAll(async () => {
    await host?.stop();
  }, 120_000);

  const run = async (action: 'deploy' | 'rollback', inputs: Record<string, string>) => {
    const result = await runBundledAction(action, {
      inputs: { ...host.sshInputs(), ...inputs },
      env: host.env(),
      timeoutMs: 180_000,
    });
    runs.push(result);
    return result;
  };
  const deployments = () => [...host.api.state.deployments].sort((a, b) => a.id - b.id);
  const appVersion = () => fetchText(`http://127.0.0.1:${host.appPort}/`);

  it('deploys v1: healthy, recorded as success, summary and outputs say what went where', async () => {
    const v1 = host.images['v1.0.0']!;
    const result = await run('deploy', {
      environment: 'production',
      image: v1.image,
      'environment-url': 'https://shop.example.com',
      ...healthInputs(host, 'v1.0.0'),
    });

    expect(result.exitCode).toBe(0);
    const [deployment] = deployments();
    ids.v1 = deployment!.id;
    expect(deployment).toMatchObject({
      environment: 'production',
      task: 'deploy',
      payload: { image: v1.image, digest: v1.digest, version: 'v1.0.0' },
    });
    expect(host.api.latestState(ids.v1)).toBe('success');
    expect(result.outputs).toMatchObject({
      'deployment-id': String(ids.v1),
      'image-ref': `${host.registry.localhost}/acme/shop@${v1.digest}`,
      'previous-version': '',
      'environment-url': 'https://shop.example.com',
      healthy: 'true',
    });
    expect(await appVersion()).toBe('v1.0.0');
    expect(result.summary).toContain('Deploy v1.0.0 to production');
    expect(result.summary).toContain('✅ Live');
    expect(result.summary).toContain(v1.digest);
  });

  it('deploys v2 whose health endpoint says unhealthy: the step fails and the ledger records failure', async () => {
    const v2 = host.images['v2.0.0']!;
    const result = await run('deploy', { environment: 'production', image: v2.image, ...healthInputs(host, 'v2.0.0') });

    expect(result.exitCode).not.toBe(0);
    expect(result.log).toMatch(/::error::Health check failed/);
    const v2Deployment = deployments().at(-1)!;
    ids.v2 = v2Deployment.id;
    expect(v2Deployment.payload).toMatchObject({
      digest: v2.digest,
      version: 'v2.0.0',
      previous: { version: 'v1.0.0', digest: host.images['v1.0.0']!.digest },
    });
    expect(host.api.latestState(ids.v2)).toBe('failure');
    expect(host.api.latestState(ids.v1)).toBe('success');
    expect(result.outputs).toMatchObject({
      'deployment-id': String(ids.v2),
      'previous-version': 'v1.0.0',
      healthy: 'false',
    });
    expect(result.summary).toContain('❌ Failed');
    expect(result.summary).toContain('went live but deployment');
    // The broken release is what runs now: exactly why a rollback is needed.
    expect(await appVersion()).toBe('v2.0.0');
  });

  it('rolls back to v1: the same digest serves again, healthy, recorded as a rollback from v2', async () => {
    const v1 = host.images['v1.0.0']!;
    const result = await run('rollback', {
      environment: 'production',
      reason: 'v2 health check failed',
      ...healthInputs(host, 'v1.0.0'),
    });

    expect(result.exitCode).toBe(0);
    expect(await appVersion()).toBe('v1.0.0');
    const rollback = deployments().at(-1)!;
    ids.rollback = rollback.id;
    expect(rollback).toMatchObject({
      task: 'rollback',
      payload: {
        image: v1.image,
        digest: v1.digest,
        version: 'v1.0.0',
        rolledBackFrom: { version: 'v2.0.0', digest: host.images['v2.0.0']!.digest, deploymentId: ids.v2 },
        reason: 'v2 health check failed',
      },
    });
    expect(host.api.latestState(ids.rollback)).toBe('success');
    expect(host.api.latestState(ids.v2)).toBe('failure');
    expect(host.api.latestState(ids.v1)).toBe('inactive');
    expect(result.outputs).toMatchObject({
      version: 'v1.0.0',
      'image-ref': `${host.registry.localhost}/acme/shop@${v1.digest}`,
      'deployment-id': String(ids.rollback),
      'rolled-back-from': 'v2.0.0',
      'already-running': 'false',
      healthy: 'true',
    });
    expect(result.summary).toContain('Roll back production');
    expect(result.summary).toContain('Rolled back from');
  });

  it('rolls back again: already running v1, says so, records nothing new', async () => {
    const writesBefore = host.api.writes().length;
    const result = await run('rollback', { environment: 'production', ...healthInputs(host, 'v1.0.0') });

    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('already runs v1.0.0');
    expect(host.api.writes()).toHaveLength(writesBefore);
    expect(result.outputs).toMatchObject({
      version: 'v1.0.0',
      'deployment-id': String(ids.rollback),
      'rolled-back-from': 'v2.0.0',
      'already-running': 'true',
    });
    expect(await appVersion()).toBe('v1.0.0');
  });

  it('never printed the SSH key or the token, and every GitHub request matched the API description', () => {
    expect(runs.length).toBe(4);
    for (const result of runs) {
      expect(leakedSecrets(visibleOutput(result), [host.sshd.privateKey, host.token])).toEqual([]);
      // ...because the runner was told to mask them, every line of the key included.
      expect(result.log).toContain(`::add-mask::${host.token}`);
      expect(result.log).toContain(`::add-mask::${host.sshd.privateKey.trim().split('\n')[1]}`);
    }
    expect(host.api.validationErrors).toEqual([]);
  });
});
