import { describe, expect, it } from '@jest/globals';
import { UserError, markdownTable, type SummarySection } from '@deploy-kit/action-kit';
import type { HealthReport } from '@deploy-kit/health';
import type { DeployTarget, HostsRolloutReport } from '@deploy-kit/targets';
import {
  afterAutomaticRollback,
  refusedByChecks,
  refusedInput,
  type ReleaseFacts,
  type ReleaseFailure,
  type ReleaseOutcome,
} from './outcome';
import { outcomeError } from './render-error';
import { outcomeNotice } from './render-notice';
import { outcomeOutputs, type OutcomeOutputName } from './render-outputs';
import { outcomeSummarySections } from './summary';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const health = (healthy: boolean): HealthReport => ({
  healthy,
  attempts: healthy ? 1 : 5,
  durationMs: 2500,
  ...(healthy ? {} : { failingUrl: 'https://shop.example.com/health' }),
  checks: ['GET status 200-299'],
  urls: [],
});

function facts(version: string, c: string, extra: Partial<ReleaseFacts> = {}): ReleaseFacts {
  return {
    environment: 'production',
    version,
    services: [
      {
        service: 'app',
        image: `ghcr.io/acme/shop:${version}`,
        digest: digest(c),
        imageRef: `ghcr.io/acme/shop@${digest(c)}`,
        movedTags: [],
      },
    ],
    ...extra,
  };
}

const v1 = facts('v1.0.0', '1', { health: health(true) });
const v2 = facts('v2.0.0', '2', {
  previousVersion: 'v1.0.0',
  health: health(true),
  services: [
    {
      service: 'app',
      image: 'ghcr.io/acme/shop:v2.0.0',
      digest: digest('2'),
      imageRef: `ghcr.io/acme/shop@${digest('2')}`,
      previousDigest: digest('1'),
      previousImageRef: `ghcr.io/acme/shop@${digest('1')}`,
      movedTags: ['latest'],
    },
  ],
});
const unhealthy: ReleaseFailure = {
  task: 'deploy',
  step: 'health-check',
  version: 'v2.0.0',
  facts: { ...v2, health: health(false), services: v2.services.map((s) => ({ ...s, movedTags: [] })) },
  deploymentId: 7,
  applied: true,
  error: new UserError('Health check failed after 5 attempt(s): HTTP 503'),
};
const onTarget: ReleaseFailure = {
  task: 'deploy',
  step: 'on-target',
  version: 'v2.0.0',
  facts: { ...v2, health: undefined, services: v2.services.map((s) => ({ ...s, movedTags: [] })) },
  deploymentId: 7,
  applied: false,
  error: new UserError('docker compose up -d failed on web1 (exit 1)'),
};
const rollbackBeforeRecord: ReleaseFailure = {
  task: 'rollback',
  step: 'before-record',
  applied: false,
  error: new UserError('Nothing to roll back to: no deployments of "production" are recorded'),
};
const from = { version: 'v2.0.0', digest: digest('2'), deploymentId: 7 };
const reason = 'Automatic rollback: v2.0.0 failed its health check';
const rolledBack: Extract<ReleaseOutcome, { kind: 'rolled-back' }> = {
  kind: 'rolled-back',
  environment: 'production',
  facts: v1,
  deploymentId: 9,
  from,
  reason,
};

const target: DeployTarget = {
  kind: 'command',
  describe: () => 'command ./deploy.sh',
  current: async () => undefined,
  deploy: async () => undefined,
};

/** The summary as the markdown a user reads: headings, texts and each table's rows. */
function summary(outcome: ReleaseOutcome): string {
  const sections: SummarySection[] = outcomeSummarySections(outcome, {
    target,
    requested: { image: 'ghcr.io/acme/shop:v2.0.0', version: 'v2.0.0' },
  });
  return sections
    .map((s) =>
      [s.heading ? `### ${s.heading}` : '', s.text ?? '', s.table ? markdownTable(s.table.header, s.table.rows) : '']
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n');
}

const OUTPUTS: OutcomeOutputName[] = [
  'result',
  'failed-stage',
  'deployment-id',
  'version',
  'healthy',
  'rollback-deployment-id',
  'rolled-back-to',
  'rolled-back-from',
  'already-running',
];

interface Case {
  outcome: ReleaseOutcome;
  /** Lines the summary holds, in order. */
  summary: string[];
  notice: ReturnType<typeof outcomeNotice>;
  outputs: Partial<Record<OutcomeOutputName, unknown>>;
  /** The step's error line; undefined: the step succeeds. */
  error: string | undefined;
  /** The error is a bug (keeps its stack) rather than a user error line. */
  bug?: boolean;
}

const CASES: Record<string, Case> = {
  deployed: {
    outcome: { kind: 'deployed', environment: 'production', facts: v2, deploymentId: 8 },
    summary: [
      '| Outcome | ✅ Live |',
      '| Version | v2.0.0 |',
      `| Previous version | v1.0.0 |`,
      '| Deployment | #8 |',
      '| Health | healthy |',
      '| Moved tags | ghcr.io/acme/shop: latest |',
    ],
    notice: { status: 'success', version: 'v2.0.0' },
    outputs: { result: 'deployed', 'deployment-id': 8, version: 'v2.0.0', healthy: true, 'already-running': false },
    error: undefined,
  },
  'rolled-back (the rollback action)': {
    outcome: rolledBack,
    summary: ['| Outcome | ✅ Live |', '| Version | v1.0.0 |', '| Rolled back from | v2.0.0 (deployment #7) |'],
    notice: { status: 'rolled-back', version: 'v1.0.0', detail: 'production was rolled back to v1.0.0.' },
    outputs: {
      result: 'rolled-back',
      'deployment-id': 9,
      version: 'v1.0.0',
      'rolled-back-from': 'v2.0.0',
      'rolled-back-to': 'v1.0.0',
    },
    error: undefined,
  },
  'rolled-back (automatically, after a failed deploy)': {
    outcome: afterAutomaticRollback(unhealthy, 'production', rolledBack),
    summary: [
      '### Deploy',
      'The release went live but deployment #7 failed its checks and is recorded as failure.',
      '| Outcome | ❌ Failed |',
      '| Error | Health check failed after 5 attempt(s): HTTP 503 |',
      '### Rollback',
      '| Outcome | ✅ Live |',
      '| Reason | Automatic rollback: v2.0.0 failed its health check |',
    ],
    notice: {
      status: 'rolled-back',
      version: 'v1.0.0',
      detail: 'v2.0.0 failed its health check; production was rolled back to v1.0.0.',
    },
    outputs: {
      result: 'rolled-back',
      'failed-stage': 'health-check',
      'deployment-id': 7,
      version: 'v2.0.0',
      healthy: false,
      'rollback-deployment-id': 9,
      'rolled-back-to': 'v1.0.0',
    },
    error:
      'Health check failed after 5 attempt(s): HTTP 503. Rolled back production to v1.0.0 (deployment #9); the step fails because v2.0.0 is not running.',
  },
  'rollback-failed': {
    outcome: afterAutomaticRollback(unhealthy, 'production', {
      kind: 'failed',
      environment: 'production',
      ...rollbackBeforeRecord,
    }),
    summary: [
      '### Deploy',
      '| Outcome | ❌ Failed |',
      '### Rollback',
      'Stopped before anything was deployed or recorded.',
      '| Error | Nothing to roll back to: no deployments of "production" are recorded |',
    ],
    notice: {
      status: 'failure',
      version: 'v2.0.0',
      detail: 'v2.0.0 failed its health check. The automatic rollback failed too.',
    },
    outputs: {
      result: 'failed',
      'failed-stage': 'health-check',
      'deployment-id': 7,
      'rollback-deployment-id': undefined,
    },
    error:
      'Health check failed after 5 attempt(s): HTTP 503. The automatic rollback failed too: Nothing to roll back to: no deployments of "production" are recorded.',
  },
  'refused (pre-deploy checks)': {
    outcome: refusedByChecks('production', 'v2.0.0-rc.1', [
      { check: 'version policy', reason: 'v2.0.0-rc.1 is a prerelease' },
      { check: 'freeze', reason: 'inside freeze window Fri 18:00 - Mon 08:00' },
    ]),
    summary: [
      '**Pre-deploy checks failed for production: version policy: v2.0.0-rc.1 is a prerelease; freeze: inside freeze window Fri 18:00 - Mon 08:00. Nothing was deployed.**',
    ],
    notice: {
      status: 'failure',
      version: 'v2.0.0-rc.1',
      detail: 'Refused by pre-deploy checks (version policy, freeze); nothing was deployed.',
    },
    outputs: { result: 'failed', 'failed-stage': 'checks', 'deployment-id': undefined, version: 'v2.0.0-rc.1' },
    error:
      'Pre-deploy checks failed for production: version policy: v2.0.0-rc.1 is a prerelease; freeze: inside freeze window Fri 18:00 - Mon 08:00. Nothing was deployed.',
  },
  'refused (a bad input)': {
    outcome: refusedInput('production', new UserError('Input "image" is not a valid image reference')),
    summary: [
      '**Input "image" is not a valid image reference**',
      'Nothing was checked, deployed, recorded or sent: fix the input and run the job again.',
    ],
    notice: {
      status: 'failure',
      detail: 'Refused: Input "image" is not a valid image reference; nothing was deployed.',
    },
    outputs: { result: 'failed', 'failed-stage': undefined, version: undefined },
    error: 'Input "image" is not a valid image reference',
  },
  'already-running': {
    outcome: { kind: 'already-running', environment: 'production', facts: v1, deploymentId: 5 },
    summary: ['| Outcome | ✅ Already running (nothing deployed) |', '| Deployment | #5 |'],
    notice: {
      status: 'success',
      version: 'v1.0.0',
      detail: 'production already runs v1.0.0; nothing was deployed.',
    },
    outputs: { result: 'failed', 'deployment-id': 5, version: 'v1.0.0', 'already-running': true },
    error: undefined,
  },
  cancelled: {
    outcome: { kind: 'cancelled', environment: 'production', ...onTarget, error: new UserError('Cancelled (SIGTERM)') },
    summary: [
      'Deployment #7 failed on the target and is recorded as failure.',
      '| Outcome | ❌ Failed |',
      '| Error | Cancelled (SIGTERM) |',
    ],
    notice: {
      status: 'failure',
      version: 'v2.0.0',
      detail: 'The job was cancelled while deploying v2.0.0; it was not rolled back.',
    },
    outputs: { result: 'failed', 'failed-stage': 'deploy', 'deployment-id': 7 },
    error: 'Cancelled (SIGTERM)',
  },
  'failed (the deploy action: no rollback of its own)': {
    outcome: { kind: 'failed', environment: 'production', ...unhealthy },
    summary: ['| Outcome | ❌ Failed |', '| Health | unhealthy |'],
    notice: { status: 'failure', version: 'v2.0.0', detail: 'v2.0.0 failed its health check.' },
    outputs: { result: 'failed', 'failed-stage': 'health-check', 'deployment-id': 7, healthy: false },
    error: 'Health check failed after 5 attempt(s): HTTP 503',
  },
  'failed (not rolled back: skipped)': {
    outcome: afterAutomaticRollback(onTarget, 'production', {
      kind: 'skipped',
      reason: 'the deploy failed on the target, not its health check',
    }),
    summary: ['Deployment #7 failed on the target and is recorded as failure.'],
    notice: {
      status: 'failure',
      version: 'v2.0.0',
      detail: 'v2.0.0 failed to deploy. Not rolled back: the deploy failed on the target, not its health check.',
    },
    outputs: { result: 'failed', 'failed-stage': 'deploy' },
    error:
      'docker compose up -d failed on web1 (exit 1). Not rolled back: the deploy failed on the target, not its health check.',
  },
  'failed (not rolled back: turned off)': {
    outcome: afterAutomaticRollback(unhealthy, 'production', { kind: 'off', reason: '`rollback-on` is never' }),
    summary: ['| Outcome | ❌ Failed |'],
    notice: {
      status: 'failure',
      version: 'v2.0.0',
      detail: 'v2.0.0 failed its health check. Not rolled back: `rollback-on` is never.',
    },
    outputs: { result: 'failed', 'failed-stage': 'health-check' },
    error: 'Health check failed after 5 attempt(s): HTTP 503.',
  },
  'failed (no rollback needed: the last good release still ran)': {
    outcome: afterAutomaticRollback(onTarget, 'production', {
      kind: 'already-running',
      environment: 'production',
      facts: v1,
    }),
    summary: ['| Outcome | ❌ Failed |'],
    notice: {
      status: 'failure',
      version: 'v2.0.0',
      detail: 'v2.0.0 failed to deploy. No rollback was needed: production still runs the last good release.',
    },
    outputs: { result: 'failed', 'failed-stage': 'deploy', 'rolled-back-to': undefined },
    error:
      'docker compose up -d failed on web1 (exit 1). No rollback was needed: production still runs the last good release.',
  },
};

describe('each outcome, rendered once for every place it is shown', () => {
  it.each(Object.entries(CASES))('%s', (_name, expected) => {
    const { outcome } = expected;
    const text = summary(outcome);
    let at = -1;
    for (const line of expected.summary) {
      const found = text.indexOf(line, at + 1);
      expect({ line, found: found > at }).toEqual({ line, found: true });
      at = found;
    }
    expect(outcomeNotice(outcome)).toEqual(expected.notice);
    expect(outcomeOutputs(outcome, OUTPUTS)).toMatchObject(expected.outputs);
    const error = outcomeError(outcome);
    expect(error?.message).toBe(expected.error);
    if (error) expect(error instanceof UserError).toBe(!expected.bug);
  });

  it('keeps a bug a bug: a release that crashed keeps its stack as the cause of the one line', () => {
    const crash = new TypeError("Cannot read properties of undefined (reading 'digest')");
    const outcome = afterAutomaticRollback({ ...onTarget, error: crash }, 'production', {
      kind: 'skipped',
      reason: 'the deploy failed on the target, not its health check',
    });
    const error = outcomeError(outcome);
    expect(error).not.toBeInstanceOf(UserError);
    expect(error?.cause).toBe(crash);
  });

  it('names every service of a several-service release in the summary, and no single-image outputs', () => {
    const two: ReleaseFacts = {
      ...v1,
      services: ['api', 'frontend'].map((service, i) => ({
        service,
        image: `ghcr.io/acme/shop/${service}:v1.0.0`,
        digest: digest(String(i + 3)),
        imageRef: `ghcr.io/acme/shop/${service}@${digest(String(i + 3))}`,
        movedTags: ['latest'],
      })),
    };
    const outcome: ReleaseOutcome = { kind: 'deployed', environment: 'production', facts: two, deploymentId: 3 };
    const text = summary(outcome);
    expect(text).toContain(`| Service api | ghcr.io/acme/shop/api:v1.0.0 \`${digest('3')}\` |`);
    expect(text).toContain(`| Service frontend | ghcr.io/acme/shop/frontend:v1.0.0 \`${digest('4')}\` |`);
    expect(text).toContain('| Moved tags | ghcr.io/acme/shop/api: latest; ghcr.io/acme/shop/frontend: latest |');
    expect(outcomeOutputs(outcome, ['image-ref', 'digest'])).toEqual({ 'image-ref': undefined, digest: undefined });
  });
  it('tells the notification each host of a deploy that was rolled back, and of its rollback', () => {
    const at = Date.UTC(2026, 10, 30, 7);
    const back = { kind: 'reverted' as const, startedAt: at, finishedAt: at };
    const rollout: HostsRolloutReport = {
      strategy: 'rolling',
      outcome: 'rolled-back',
      reason: 'b: health failed',
      hosts: [
        { status: 'rolled-back', host: 'a', batch: 1, startedAt: at, finishedAt: at, revert: back },
        {
          status: 'failed',
          host: 'b',
          batch: 2,
          phase: 'health',
          error: '503',
          startedAt: at,
          finishedAt: at,
          revert: back,
        },
      ],
      startedAt: at,
      finishedAt: at,
    };
    const failed = { ...onTarget, facts: { ...onTarget.facts!, rollout } };
    const outcome: ReleaseOutcome = { ...rolledBack, after: failed };
    expect(outcomeNotice(outcome).detail).toBe(
      'v2.0.0 failed to deploy; production was rolled back to v1.0.0. Hosts (rolling): a rolled back, b health failed (put back).',
    );
    const rollbackFailed: ReleaseOutcome = {
      kind: 'rollback-failed',
      environment: 'production',
      after: failed,
      rollback: { ...onTarget, task: 'rollback' },
    };
    expect(outcomeNotice(rollbackFailed).detail).toBe(
      'v2.0.0 failed to deploy. The automatic rollback failed too. Hosts (rolling): a rolled back, b health failed (put back).',
    );
  });
});
