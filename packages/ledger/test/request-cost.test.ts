import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '@deploy-kit/github';
import { startFakeGitHub, type FakeGitHub } from '../../../test/github-api';
import { DeploymentLedger, releasePayload, type StartRequest } from '../src';
import { countRequests, seedHistory } from './history';

const repo = { owner: 'octo-org', repo: 'hello-world' };
const request: StartRequest = {
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  environment: 'production',
  task: 'deploy',
  payload: releasePayload('2.0.0', [
    { service: 'app', image: 'ghcr.io/octo-org/app:2.0.0', digest: `sha256:${'f'.repeat(64)}` },
  ]),
};

let api: FakeGitHub;
let ledger: DeploymentLedger;
beforeEach(async () => {
  api = await startFakeGitHub();
  ledger = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url }), repo);
});
afterEach(async () => {
  expect(api.validationErrors).toEqual([]);
  await api.stop();
});

const deployOnce = async () => {
  const record = await ledger.start(request);
  await ledger.succeed(record.id);
  await ledger.flush();
  return record;
};

/** What each ledger call costs in requests with `count` deployments already recorded, each in a fresh API. */
async function costs(count: number) {
  await api.stop();
  api = await startFakeGitHub();
  ledger = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url }), repo);
  seedHistory(api, count);
  return {
    current: await countRequests(api, () => ledger.current('production')),
    inProgress: await countRequests(api, () => ledger.inProgress('production')),
    deploy: await countRequests(api, deployOnce),
  };
}

describe('GitHub API requests per ledger call stay bounded as history grows', () => {
  it('costs the same with 150 recorded deployments as with 10', async () => {
    const small = await costs(10);
    const large = await costs(150);
    expect(large).toEqual(small);
    // create, in_progress, success; list, statuses of the previous current and of the one before it; inactive
    expect(large.deploy).toBeLessThanOrEqual(7);
    expect(large.current).toBe(2);
    expect(large.inProgress).toBeLessThanOrEqual(2);
  });

  it('a deploy deactivates the previously current deployment and leaves the rest as they were', async () => {
    const ids = seedHistory(api, 150);
    const before = new Map(ids.map((id) => [id, api.latestState(id)]));
    const record = await deployOnce();
    expect(api.latestState(record.id)).toBe('success');
    expect(api.latestState(ids.at(-1))).toBe('inactive');
    for (const id of ids.slice(0, -1)) expect(api.latestState(id)).toBe(before.get(id));
    expect((await ledger.current('production'))?.id).toBe(record.id);
  });

  it('deactivates every earlier deployment still shown as success, up to the first one already superseded', async () => {
    const ids = seedHistory(api, 20);
    // Two more successes on top of the current one, as a deactivation that once failed leaves them.
    const stale = [1, 2].map(
      (n) =>
        api.seed.deployment({
          environment: 'production',
          payload: { image: 'ghcr.io/octo-org/app', digest: `sha256:${String(n).repeat(64)}`, version: `1.9${n}.0` },
          states: ['in_progress', 'success'],
        }).id,
    );
    const statusReads = () => api.requests.filter((r) => r.operationId === 'repos/list-deployment-statuses').length;
    const reads = statusReads();
    const record = await deployOnce();
    expect([ids.at(-1), ...stale].map((id) => api.latestState(id))).toEqual(['inactive', 'inactive', 'inactive']);
    expect(api.latestState(record.id)).toBe('success');
    // the three successes, then the first superseded one: the walk ends there
    expect(statusReads() - reads).toBe(4);
  });

  it('stops at a deployment marked failure after it had succeeded (a rollback)', async () => {
    seedHistory(api, 50);
    const rolledBack = api.seed.deployment({
      environment: 'production',
      payload: { image: 'ghcr.io/octo-org/app', digest: `sha256:${'e'.repeat(64)}`, version: '1.99.0' },
      states: ['in_progress', 'success', 'failure'],
    }).id;
    const statusReads = () => api.requests.filter((r) => r.operationId === 'repos/list-deployment-statuses').length;
    const reads = statusReads();
    await deployOnce();
    expect(api.latestState(rolledBack)).toBe('failure');
    expect(statusReads() - reads).toBe(1);
  });
});

describe('inProgress reads only recent deployments', () => {
  it('reports a running deployment created within the last day, not an older one left in progress', async () => {
    seedHistory(api, 40);
    const stale = api.seed.deployment({ environment: 'production', payload: {}, states: ['in_progress'] });
    stale.createdAt = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(await ledger.inProgress('production')).toEqual([]);
    const running = api.seed.deployment({ environment: 'production', payload: {}, states: ['queued'] });
    expect((await ledger.inProgress('production')).map((r) => r.id)).toEqual([running.id]);
  });

  it('looks at the newest 30 deployments at most, however recent the rest', async () => {
    seedHistory(api, 100, { spacingMs: 60_000 });
    const cost = await countRequests(api, () => ledger.inProgress('production'));
    expect(cost).toBe(31);
  });

  it('honours a wider window when asked (inProgressWindowMs)', async () => {
    seedHistory(api, 5);
    const stale = api.seed.deployment({ environment: 'production', payload: {}, states: ['pending'] });
    stale.createdAt = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const patient = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url }), repo, {
      inProgressWindowMs: 7 * 24 * 60 * 60 * 1000,
    });
    expect((await patient.inProgress('production')).map((r) => r.id)).toEqual([stale.id]);
  });
});
