import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import type { HealthReport } from '@deploy-kit/health';
import { releasePayload, type DeploymentRecord } from '@deploy-kit/ledger';
import type { DeployRequest } from '@deploy-kit/targets';
import type { NotifyResult } from '@deploy-kit/notify';
import { UnhealthyReleaseError, type ReleaseProgress } from '@deploy-kit/engine';
import type { RollbackOn } from './inputs';
import { pipelineError } from './outcome';
import { runPipeline, type PipelineStages } from './pipeline';
import type { ChecksOutcome, FailedStage, Notice } from './state';

const passed: ChecksOutcome = {
  results: [{ check: 'version policy', outcome: 'passed', detail: 'v2.0.0: newer than v1.0.0' }],
  failures: [],
};

function record(id: number, version: string, task = 'deploy'): DeploymentRecord {
  return {
    id,
    sha: 'ffac537e6cbbf934b08745a378932722df287a53',
    environment: 'production',
    task,
    createdAt: '2026-11-22T04:00:00Z',
    payload: releasePayload(version, [
      { service: 'app', image: `ghcr.io/acme/shop:${version}`, digest: `sha256:${version}` },
    ]),
  };
}

function request(version: string): DeployRequest {
  return {
    version,
    environment: 'production',
    services: [
      {
        service: 'app',
        composeService: 'app',
        imageVariable: 'IMAGE',
        image: `ghcr.io/acme/shop:${version}`,
        digest: `sha256:${version}`,
        imageRef: `ghcr.io/acme/shop@sha256:${version}`,
      },
    ],
  };
}

const health = (healthy: boolean) => ({ healthy, attempts: 3, durationMs: 900, checks: [], urls: [] }) as HealthReport;

/** What a deploy does to its progress before failing in each way runRelease can fail. */
const deploys = {
  live: async (progress: ReleaseProgress) => {
    progress.intent = { kind: 'release', request: request('v2.0.0'), sha: 'abc', description: 'Deploy v2.0.0' };
    progress.record = record(7, 'v2.0.0');
    progress.deployed = true;
    progress.outcome = 'success';
  },
  unhealthy: async (progress: ReleaseProgress) => {
    progress.intent = { kind: 'release', request: request('v2.0.0'), sha: 'abc', description: 'Deploy v2.0.0' };
    progress.record = record(7, 'v2.0.0');
    progress.deployed = true;
    progress.health = health(false);
    progress.outcome = 'failure';
    throw new UnhealthyReleaseError('Health check failed after 3 attempt(s): the release is not healthy');
  },
  targetFailed: async (progress: ReleaseProgress) => {
    progress.intent = { kind: 'release', request: request('v2.0.0'), sha: 'abc', description: 'Deploy v2.0.0' };
    progress.record = record(7, 'v2.0.0');
    progress.outcome = 'failure';
    throw new UserError('docker compose up -d failed on web1 (exit 1)');
  },
  notRecorded: async (progress: ReleaseProgress) => {
    progress.outcome = 'failure';
    throw new UserError('Image ghcr.io/acme/shop:v2.0.0 was not found in the registry (no such tag or digest)');
  },
  bug: async (progress: ReleaseProgress) => {
    progress.outcome = 'failure';
    throw new TypeError("Cannot read properties of undefined (reading 'digest')");
  },
};

const rollbacks = {
  done: async (_deployed: ReleaseProgress, progress: ReleaseProgress) => {
    progress.intent = { kind: 'release', request: request('v1.0.0'), sha: 'abc', description: 'Roll back to v1.0.0' };
    progress.record = record(9, 'v1.0.0', 'rollback');
    progress.deployed = true;
    progress.outcome = 'success';
  },
  nothingToRollBackTo: async () => {
    throw new UserError('Nothing to roll back to: no deployments of "production" are recorded');
  },
  alreadyRunning: async (_deployed: ReleaseProgress, progress: ReleaseProgress) => {
    progress.intent = { kind: 'already-running', request: request('v1.0.0'), message: 'already runs v1.0.0' };
    progress.outcome = 'already-running';
  },
};

const delivered: NotifyResult = {
  delivered: ['slack'],
  failed: [],
  channels: [{ channel: 'slack', destination: 'hooks.slack.com', delivered: true, attempts: 1, detail: 'ok' }],
};
const undelivered: NotifyResult = {
  delivered: [],
  failed: [{ channel: 'slack', reason: 'hooks.slack.com: HTTP 500 after 3 attempts' }],
  channels: [{ channel: 'slack', destination: 'hooks.slack.com', delivered: false, attempts: 3, detail: 'HTTP 500' }],
};

interface Scenario {
  checks?: () => Promise<ChecksOutcome>;
  deploy?: (progress: ReleaseProgress) => Promise<void>;
  rollback?: (deployed: ReleaseProgress, progress: ReleaseProgress) => Promise<void>;
  notify?: (notice: Notice) => Promise<NotifyResult>;
  rollbackOn?: RollbackOn;
  notifyStarted?: boolean;
}

/** Runs the pipeline on scripted stages, recording which ran and what was announced. */
async function scenario(given: Scenario) {
  const calls: string[] = [];
  const notices: Notice[] = [];
  const rollbackStages: FailedStage[] = [];
  const stages: PipelineStages = {
    checks: async () => {
      calls.push('checks');
      return (given.checks ?? (async () => passed))();
    },
    deploy: async (progress) => {
      calls.push('deploy');
      return (given.deploy ?? deploys.live)(progress);
    },
    rollback: async (deployed, progress, failedStage) => {
      calls.push('rollback');
      rollbackStages.push(failedStage);
      return (given.rollback ?? rollbacks.done)(deployed, progress);
    },
    notify: async (notice) => {
      calls.push(`notify ${notice.status}`);
      notices.push(notice);
      return (given.notify ?? (async () => delivered))(notice);
    },
  };
  const state = await runPipeline(stages, {
    environment: 'production',
    version: 'v2.0.0',
    rollbackOn: given.rollbackOn ?? 'unhealthy',
    notifyStarted: given.notifyStarted ?? false,
  });
  return { state, calls, notices, rollbackStages, error: (failOnError = false) => pipelineError(state, failOnError) };
}

describe('runPipeline', () => {
  it('deploys: checks, deploy, one success message; the step succeeds', async () => {
    const { state, calls, notices, error } = await scenario({});
    expect(state.result).toBe('deployed');
    expect(calls).toEqual(['checks', 'deploy', 'notify success']);
    expect(notices).toEqual([{ status: 'success', version: 'v2.0.0' }]);
    expect(error()).toBeUndefined();
  });

  it('sends started before deploying when asked, and only then', async () => {
    const { calls } = await scenario({ notifyStarted: true });
    expect(calls).toEqual(['checks', 'notify started', 'deploy', 'notify success']);
  });

  it('stops at failed checks: nothing deployed, one failure message naming the checks', async () => {
    const { state, calls, notices, error } = await scenario({
      notifyStarted: true,
      checks: async () => ({
        results: [],
        failures: [
          { check: 'version policy', reason: 'v2.0.0-rc.1 is a prerelease' },
          { check: 'freeze', reason: 'inside freeze window Fri 18:00 - Mon 08:00' },
        ],
      }),
    });
    expect(state).toMatchObject({ result: 'failed', failedStage: 'checks' });
    expect(calls).toEqual(['checks', 'notify failure']);
    expect(notices[0]?.detail).toBe('Refused by pre-deploy checks (version policy, freeze); nothing was deployed.');
    const failure = error();
    expect(failure).toBeInstanceOf(UserError);
    expect(failure?.message).toBe(
      'Pre-deploy checks failed for production: version policy: v2.0.0-rc.1 is a prerelease; freeze: inside freeze window Fri 18:00 - Mon 08:00. Nothing was deployed.',
    );
  });

  it('treats checks that crash as a bug that still stops the deploy and is announced', async () => {
    const { state, calls, error } = await scenario({
      checks: async () => {
        throw new RangeError('Invalid time zone');
      },
    });
    expect(state).toMatchObject({ result: 'failed', failedStage: 'checks' });
    expect(calls).toEqual(['checks', 'notify failure']);
    expect(error()).not.toBeInstanceOf(UserError);
    expect(error()?.message).toContain('The pre-deploy checks could not run: Invalid time zone');
  });

  it('rolls an unhealthy deploy back; the step still fails and the message says rolled-back', async () => {
    const rolled = await scenario({ deploy: deploys.unhealthy });
    expect(rolled.state).toMatchObject({ result: 'rolled-back', failedStage: 'health-check' });
    expect(rolled.calls).toEqual(['checks', 'deploy', 'rollback', 'notify rolled-back']);
    expect(rolled.rollbackStages).toEqual(['health-check']);
    expect(rolled.notices).toEqual([
      {
        status: 'rolled-back',
        version: 'v1.0.0',
        detail: 'v2.0.0 failed its health check; production was rolled back to v1.0.0.',
      },
    ]);
    const failure = rolled.error();
    expect(failure).toBeInstanceOf(UserError);
    expect(failure?.message).toBe(
      'Health check failed after 3 attempt(s): the release is not healthy. Rolled back production to v1.0.0 (deployment #9); the step fails because v2.0.0 is not running.',
    );
  });

  it('does not roll back with rollback-on: never, and says nothing about it in the error', async () => {
    const { state, calls, notices, error } = await scenario({ deploy: deploys.unhealthy, rollbackOn: 'never' });
    expect(state).toMatchObject({
      result: 'failed',
      failedStage: 'health-check',
      rollbackSkipped: '`rollback-on` is never',
    });
    expect(calls).toEqual(['checks', 'deploy', 'notify failure']);
    expect(notices[0]).toMatchObject({ status: 'failure', version: 'v2.0.0' });
    expect(error()?.message).toBe('Health check failed after 3 attempt(s): the release is not healthy.');
  });

  it.each([
    ['unhealthy', false],
    ['failure', true],
  ] as const)('after a failure on the target, rollback-on: %s rolls back: %s', async (rollbackOn, rollsBack) => {
    const { state, calls, rollbackStages, error } = await scenario({ deploy: deploys.targetFailed, rollbackOn });
    expect(state.failedStage).toBe('deploy');
    expect(calls.includes('rollback')).toBe(rollsBack);
    expect(state.result).toBe(rollsBack ? 'rolled-back' : 'failed');
    if (rollsBack) expect(rollbackStages).toEqual(['deploy']);
    else expect(error()?.message).toMatch(/Not rolled back: the deploy failed on the target, not its health check/);
  });

  it('never rolls back a deploy that was not even recorded', async () => {
    const { state, calls, notices } = await scenario({ deploy: deploys.notRecorded, rollbackOn: 'failure' });
    expect(state).toMatchObject({ result: 'failed', failedStage: 'deploy' });
    expect(state.rollbackSkipped).toMatch(/nothing was deployed/);
    expect(calls).toEqual(['checks', 'deploy', 'notify failure']);
    expect(notices[0]?.detail).toMatch(/^v2\.0\.0 failed to deploy\. Not rolled back: nothing was deployed/);
  });

  it('does not roll back a redeploy of the image that ran before: older releases are not what ran', async () => {
    const { state, calls } = await scenario({
      deploy: async (progress) => {
        progress.previous = { version: 'v2.0.0', services: [{ service: 'app', digest: 'sha256:v2.0.0' }] };
        await deploys.unhealthy(progress);
      },
    });
    expect(calls).not.toContain('rollback');
    expect(state).toMatchObject({ result: 'failed', failedStage: 'health-check' });
    expect(state.rollbackSkipped).toMatch(/the image that failed is the one that ran before/);
  });

  it('reports a rollback that fails as a failure naming both problems', async () => {
    const { state, notices, error } = await scenario({
      deploy: deploys.unhealthy,
      rollback: rollbacks.nothingToRollBackTo,
    });
    expect(state.result).toBe('failed');
    expect(notices[0]).toMatchObject({
      status: 'failure',
      detail: 'v2.0.0 failed its health check. The automatic rollback failed too.',
    });
    expect(error()?.message).toBe(
      'Health check failed after 3 attempt(s): the release is not healthy. The automatic rollback failed too: Nothing to roll back to: no deployments of "production" are recorded.',
    );
  });

  it('does not call it a rollback when the target still ran the last good release', async () => {
    const { state, error } = await scenario({
      deploy: deploys.targetFailed,
      rollbackOn: 'failure',
      rollback: rollbacks.alreadyRunning,
    });
    expect(state.result).toBe('failed');
    expect(error()?.message).toMatch(/No rollback was needed: production still runs the last good release\.$/);
  });

  it('keeps a bug a bug: the error is not a UserError and carries the cause', async () => {
    const { error } = await scenario({ deploy: deploys.bug });
    const failure = error();
    expect(failure).not.toBeInstanceOf(UserError);
    expect(failure?.cause).toBeInstanceOf(TypeError);
  });
});

describe('notifications never change what the deploy did', () => {
  it('a notify stage that throws leaves a successful deploy successful', async () => {
    const { state, error } = await scenario({
      notify: async () => {
        throw new Error('socket hang up');
      },
    });
    expect(state.result).toBe('deployed');
    expect(state.notifications[0]?.error?.message).toBe('socket hang up');
    expect(error()).toBeUndefined();
    expect(error(true)?.message).toBe('Notification (success) could not be sent: socket hang up.');
  });

  it('an undelivered message is only a warning unless notify-fail-on-error', async () => {
    const { error } = await scenario({ notify: async () => undelivered });
    expect(error()).toBeUndefined();
    expect(error(true)).toBeInstanceOf(UserError);
    expect(error(true)?.message).toBe(
      'Notification (success) to slack failed: hooks.slack.com: HTTP 500 after 3 attempts.',
    );
  });

  it('a failed deploy stays the headline when its message could not be delivered either', async () => {
    const { state, error } = await scenario({
      deploy: deploys.unhealthy,
      rollbackOn: 'never',
      notify: async () => undelivered,
    });
    expect(state.result).toBe('failed');
    expect(error()?.message).toBe('Health check failed after 3 attempt(s): the release is not healthy.');
    expect(error(true)?.message).toMatch(/^Health check failed .*\. Notification \(failure\) to slack failed: /);
  });
});
