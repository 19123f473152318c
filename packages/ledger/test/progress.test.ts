import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '@deploy-kit/github';
import { startFakeGitHub, type FakeGitHub } from '../../../test/github-api';
import { DeploymentLedger, releasePayload } from '../src';

// Progress reports while a deployment runs: more in_progress statuses, in order, never after
// the outcome, never failing the deploy.

const repo = { owner: 'octo-org', repo: 'hello-world' };
const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const payload = releasePayload('2.0.0', [
  { service: 'app', image: 'ghcr.io/octo-org/app:2.0.0', digest: `sha256:${'2'.repeat(64)}` },
]);

let api: FakeGitHub;
let lines: string[];
let ledger: DeploymentLedger;

beforeEach(async () => {
  api = await startFakeGitHub();
  lines = [];
  const log = (line: string) => lines.push(line);
  ledger = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url, log }), repo, {
    log,
    // Short, so a progress write GitHub refuses gives up within the test.
    startStatusBudgetMs: 1500,
  });
});
afterEach(async () => {
  expect(api.validationErrors).toEqual([]);
  await api.stop();
});

const start = () =>
  ledger.start({
    sha: SHA,
    environment: 'production',
    task: 'deploy',
    payload,
    description: 'Deploy 2.0.0',
    environmentUrl: 'https://app.example.com',
  });

/** The statuses GitHub took, in the order it took them: `state: description`. */
const taken = () =>
  api.requests
    .filter((r) => r.operationId === 'repos/create-deployment-status' && r.status === 201)
    .map((r) => {
      const body = r.body as { state: string; description?: string };
      return `${body.state}: ${body.description ?? ''}`;
    });

describe('DeploymentLedger.progress', () => {
  it('writes each report as another in_progress status, in order after the start, before the outcome', async () => {
    const record = await start();
    ledger.progress(record.id, 'Deploy 2.0.0: rolling: a updated (1 of 3 hosts)');
    await ledger.flush();
    ledger.progress(record.id, 'Deploy 2.0.0: rolling: b updated (2 of 3 hosts)');
    await ledger.flush();
    await ledger.succeed(record.id, { description: 'Deploy 2.0.0: live' });
    await ledger.flush();
    expect(taken()).toEqual([
      'in_progress: Deploy 2.0.0',
      'in_progress: Deploy 2.0.0: rolling: a updated (1 of 3 hosts)',
      'in_progress: Deploy 2.0.0: rolling: b updated (2 of 3 hosts)',
      'success: Deploy 2.0.0: live',
    ]);
    // A progress status keeps the environment's URL, as the start's did.
    const progress = api.requests.filter((r) => r.operationId === 'repos/create-deployment-status')[1];
    expect(progress?.body).toMatchObject({ environment_url: 'https://app.example.com' });
  });

  it('returns at once, and coalesces reports that come faster than GitHub takes them to the newest', async () => {
    const record = await start();
    // The start's in_progress is still on its way: these three wait behind it, and only the newest is sent.
    ledger.progress(record.id, 'Deploy 2.0.0: canary app1: 10% (step 1 of 3), analysis passed');
    ledger.progress(record.id, 'Deploy 2.0.0: canary app1: 50% (step 2 of 3), analysis passed');
    ledger.progress(record.id, 'Deploy 2.0.0: canary app1: 100% (step 3 of 3), analysis passed');
    await ledger.flush();
    expect(taken()).toEqual([
      'in_progress: Deploy 2.0.0',
      'in_progress: Deploy 2.0.0: canary app1: 100% (step 3 of 3), analysis passed',
    ]);
  });

  it('drops a report not sent yet when the outcome is written, and ignores reports after it', async () => {
    const record = await start();
    ledger.progress(record.id, 'Deploy 2.0.0: rolling: c updated (3 of 3 hosts)');
    await ledger.fail(record.id, { description: 'health check failed' });
    ledger.progress(record.id, 'Deploy 2.0.0: late report');
    await ledger.flush();
    expect(taken()).toEqual(['in_progress: Deploy 2.0.0', 'failure: health check failed']);
    expect(api.latestState(record.id)).toBe('failure');
  });

  it('waits for a report already on its way before writing the outcome, so the outcome is last', async () => {
    const record = await start();
    await ledger.flush();
    // GitHub is slow to answer the report: the success must still come after it.
    api.fault('POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { type: 'delay', ms: 1000 });
    ledger.progress(record.id, 'Deploy 2.0.0: blue-green app1: switch nginx to green done');
    await new Promise<void>((resolve) => setImmediate(resolve));
    await ledger.succeed(record.id, { description: 'Deploy 2.0.0: live' });
    await ledger.flush();
    expect(taken()).toEqual([
      'in_progress: Deploy 2.0.0',
      'in_progress: Deploy 2.0.0: blue-green app1: switch nginx to green done',
      'success: Deploy 2.0.0: live',
    ]);
    expect(api.latestState(record.id)).toBe('success');
  });

  it('cuts a long report to 140 characters, visibly', async () => {
    const record = await start();
    await ledger.flush();
    ledger.progress(record.id, `Deploy 2.0.0: rolling: ${'h'.repeat(200)} updated (1 of 3 hosts)`);
    await ledger.flush();
    const description = (api.requests.at(-1)?.body as { description: string }).description;
    expect([...description]).toHaveLength(140);
    expect(description.endsWith('…')).toBe(true);
  });

  it('a report GitHub refuses (503) is logged and given up within its budget; the outcome is still written', async () => {
    const record = await start();
    await ledger.flush();
    api.fault('POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { type: 'status', status: 503 }, 2);
    ledger.progress(record.id, 'Deploy 2.0.0: rolling: a updated (1 of 3 hosts)');
    await ledger.flush();
    expect(lines.join('\n')).toMatch(/Could not write progress for deployment \d+: HTTP 503/);
    await ledger.succeed(record.id, { description: 'Deploy 2.0.0: live' });
    expect(taken()).toEqual(['in_progress: Deploy 2.0.0', 'success: Deploy 2.0.0: live']);
  });
});
