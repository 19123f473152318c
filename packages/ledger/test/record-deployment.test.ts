import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '@deploy-kit/github';
import { startFakeGitHub, type FakeGitHub } from '../../../test/github-api';
import { DeploymentLedger, recordDeployment, type StartRequest } from '../src';

const repo = { owner: 'octo-org', repo: 'hello-world' };
const request: StartRequest = {
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  environment: 'production',
  task: 'deploy',
  payload: { image: 'ghcr.io/octo-org/app:1.0.0', digest: `sha256:${'a'.repeat(64)}`, version: '1.0.0' },
};

let api: FakeGitHub;
let ledger: DeploymentLedger;
let lines: string[];

beforeEach(async () => {
  api = await startFakeGitHub();
  lines = [];
  ledger = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url }), repo, {
    logUrl: 'https://github.com/octo-org/hello-world/actions/runs/1',
  });
});
afterEach(async () => {
  expect(api.validationErrors).toEqual([]);
  await api.stop();
});

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

  it('still records failure when GitHub answers the first failure write with a 5xx', async () => {
    const work = recordDeployment(ledger, request, async () => {
      api.fault('POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { type: 'status', status: 500 });
      throw new Error('health check failed');
    });
    await expect(work).rejects.toThrow('health check failed');
    expect(states()).toEqual(['in_progress', 'failure']);
  });

  it('keeps the work error (not the ledger error) when even the failure cannot be recorded', async () => {
    const fragile = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url, retries: 0 }), repo);
    const work = recordDeployment(
      fragile,
      request,
      async () => {
        api.fault(
          'POST',
          '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
          { type: 'status', status: 500 },
          Infinity,
        );
        throw new Error('ssh connection closed');
      },
      undefined,
      { log: (line) => lines.push(line) },
    );
    await expect(work).rejects.toThrow('ssh connection closed');
    expect(lines.join('\n')).toMatch(/Could not mark deployment \d+ as failed/);
  });

  it('marks the deployment failed when the job is cancelled (SIGTERM) during the work, then exits', async () => {
    const exited: number[] = [];
    let release: () => void = () => undefined;
    const exitedOnce = new Promise<void>((resolve) => (release = resolve));
    const othersBefore = process.listenerCount('SIGTERM');
    void recordDeployment(
      ledger,
      request,
      () => {
        setTimeout(() => process.emit('SIGTERM', 'SIGTERM'), 50);
        return new Promise<never>(() => undefined);
      },
      undefined,
      {
        exit: (code) => {
          exited.push(code);
          release();
        },
      },
    );
    await exitedOnce;
    expect(exited).toEqual([143]);
    expect(states()).toEqual(['in_progress', 'failure']);
    expect(api.state.statuses.at(-1)?.description).toBe('Cancelled (SIGTERM)');
    expect(process.listenerCount('SIGTERM')).toBe(othersBefore);
  });

  it('removes its signal and crash handlers once the work is over, whether it worked or not', async () => {
    const events = ['SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'] as const;
    const counts = () => events.map((event) => process.listenerCount(event));
    const before = counts();
    let during: number[] = [];
    await recordDeployment(ledger, request, async () => {
      during = counts();
      return 'done';
    });
    expect(during).toEqual(before.map((n) => n + 1));
    expect(counts()).toEqual(before);
    await expect(recordDeployment(ledger, request, () => Promise.reject(new Error('failed')))).rejects.toThrow();
    expect(counts()).toEqual(before);
  });
});
