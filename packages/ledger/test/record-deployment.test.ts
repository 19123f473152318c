import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '@deploy-kit/github';
import { startFakeGitHub, type FakeGitHub } from '../../../test/github-api';
import { UserError } from '@deploy-kit/action-kit';
import { DeploymentLedger, FinalStatusError, recordDeployment, releasePayload, type StartRequest } from '../src';

const repo = { owner: 'octo-org', repo: 'hello-world' };
const request: StartRequest = {
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  environment: 'production',
  task: 'deploy',
  payload: releasePayload('1.0.0', [
    { service: 'app', image: 'ghcr.io/octo-org/app:1.0.0', digest: `sha256:${'a'.repeat(64)}` },
  ]),
};

let api: FakeGitHub;
let ledger: DeploymentLedger;

beforeEach(async () => {
  api = await startFakeGitHub();
  ledger = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url }), repo, {
    logUrl: 'https://github.com/octo-org/hello-world/actions/runs/1',
  });
});
afterEach(async () => {
  expect(api.validationErrors).toEqual([]);
  await api.stop();
});

const STATUSES = '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
const states = () => api.state.statuses.map((s) => s.state);

describe('recordDeployment', () => {
  it('records in_progress then success with what finish returns, and returns the work result', async () => {
    const result = await recordDeployment(
      ledger,
      request,
      async (record) => ({ url: 'https://app.example.com', id: record.id }),
      (r) => ({ environmentUrl: r.url }),
    );
    expect(states()).toEqual(['in_progress', 'success']);
    expect(api.state.statuses.at(-1)?.environmentUrl).toBe('https://app.example.com');
    expect(result.id).toBe(api.state.deployments[0]?.id);
  });

  it('records failure with the error message and rethrows the work error', async () => {
    const work = recordDeployment(ledger, request, () =>
      Promise.reject(new Error('docker compose up failed (exit 1)')),
    );
    await expect(work).rejects.toThrow('docker compose up failed (exit 1)');
    expect(states()).toEqual(['in_progress', 'failure']);
    expect(api.state.statuses.at(-1)?.description).toBe('docker compose up failed (exit 1)');
  });

  it('records failure with the description the caller gives for the error, cut visibly at 140 characters', async () => {
    const work = recordDeployment(ledger, request, () => Promise.reject(new Error('stopped at host c')), undefined, {
      failureDescription: (error) => `rolling a:back c:health-failed; ${(error as Error).message} ${'x'.repeat(200)}`,
    });
    await expect(work).rejects.toThrow('stopped at host c');
    const description = api.state.statuses.at(-1)?.description ?? '';
    expect(description.startsWith('rolling a:back c:health-failed; stopped at host c x')).toBe(true);
    expect([...description]).toHaveLength(140);
    expect(description.endsWith('x…')).toBe(true);
  });

  it('still records failure when GitHub answers the first failure write with a 5xx', async () => {
    const work = recordDeployment(ledger, request, async () => {
      api.fault('POST', STATUSES, { type: 'status', status: 500 });
      throw new Error('health check failed');
    });
    await expect(work).rejects.toThrow('health check failed');
    // The 5xx hit the in_progress write, still queued behind GitHub's write spacing; once the
    // outcome is known that write is not retried, so GitHub never shows in_progress after it.
    expect(states()).toEqual(['failure']);
  });

  it('names the deployment left without a final status, with the work error, when GitHub never takes it', async () => {
    const fragile = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url }), repo, {
      finalStatusBudgetMs: 2500,
      startStatusBudgetMs: 0,
    });
    api.fault('POST', STATUSES, { type: 'status', status: 503 }, Infinity);
    const work = recordDeployment(fragile, request, () => Promise.reject(new Error('ssh connection closed')));
    await expect(work).rejects.toThrow(FinalStatusError);
    const id = api.state.deployments[0]!.id;
    await expect(work).rejects.toThrow(
      `ssh connection closed. Deployment #${id} was left without a final status: GitHub did not accept "failure" (HTTP 503`,
    );
    await fragile.flush();
    expect(states()).toEqual([]);
  });

  it('does not hold the work up for the in_progress write, yet writes it before the outcome', async () => {
    // GitHub answers status writes slowly: the work must start before the in_progress one is answered.
    api.fault('POST', STATUSES, { type: 'delay', ms: 1500 }, 1);
    const seenByWork: (string | undefined)[] = [];
    await recordDeployment(ledger, request, async (record) => {
      seenByWork.push(api.latestState(record.id));
    });
    expect(seenByWork).toEqual([undefined]);
    expect(states()).toEqual(['in_progress', 'success']);
  });

  it('retries the final status until GitHub takes it, within the budget', async () => {
    await recordDeployment(ledger, request, async () => {
      api.fault('POST', STATUSES, { type: 'status', status: 503 }, 3);
      throw new Error('health check failed');
    }).catch(() => undefined);
    expect(states()).toEqual(['failure']);
    expect(api.requests.filter((r) => r.operationId === 'repos/create-deployment-status').map((r) => r.status)).toEqual(
      [503, 503, 503, 201],
    );
    expect(api.state.statuses.at(-1)?.description).toBe('health check failed');
  });

  it('ends the record as failure when the job is cancelled, without waiting for the work', async () => {
    const cancel = new AbortController();
    const work = recordDeployment(
      ledger,
      request,
      () => {
        setTimeout(() => cancel.abort(new UserError('Cancelled (SIGTERM)')), 50);
        return new Promise<never>(() => undefined);
      },
      undefined,
      { signal: cancel.signal },
    );
    await expect(work).rejects.toThrow('Cancelled (SIGTERM)');
    expect(states()).toEqual(['in_progress', 'failure']);
    expect(api.state.statuses.at(-1)?.description).toBe('Cancelled (SIGTERM)');
  });

  it('records nothing when the job was cancelled before it started', async () => {
    const cancel = new AbortController();
    cancel.abort(new UserError('Cancelled (SIGINT)'));
    const work = recordDeployment(ledger, request, async () => 'never', undefined, { signal: cancel.signal });
    await expect(work).rejects.toThrow('Cancelled (SIGINT)');
    expect(api.state.deployments).toEqual([]);
  });

  it('installs no process-wide handlers: signals and crashes belong to the action boundary', async () => {
    const events = ['SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'] as const;
    const counts = () => events.map((event) => process.listenerCount(event));
    const before = counts();
    let during: number[] = [];
    await recordDeployment(ledger, request, async () => {
      during = counts();
    });
    expect(during).toEqual(before);
  });
});
