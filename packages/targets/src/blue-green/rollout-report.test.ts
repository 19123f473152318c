import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { readPayload, releasePayload } from '@deploy-kit/ledger';
import type { SshComposeTarget as SshComposeSettings } from '@deploy-kit/model';
import type { BlueGreenStrategy, CanaryOutcome, CanaryStrategy } from '@deploy-kit/rollout';
import { RolloutFailedError } from '../multi-host/rollout-failed-error';
import { rolloutLine, rolloutMarkdown } from '../multi-host/report-text';
import { targetFromSettings } from '../target-from-settings';
import { memoryLog } from '../test-log';
import type { RolloutReport } from '../types';
import { withReport, type RolloutStep } from './rollout-report';

// What the engine does with a blue-green or canary report: the summary's Markdown (rolloutMarkdown),
// the notification's line (rolloutLine), and the plan recorded in the ledger's payload.

const at = Date.UTC(2026, 10, 30, 7, 0, 0);
const step = (name: string, offset: number, ok: boolean, detail?: string): RolloutStep => ({
  name,
  startedAt: at + offset,
  finishedAt: at + offset + 1500,
  ok,
  ...(detail ? { detail } : {}),
});

const aborted: CanaryOutcome = {
  outcome: 'aborted',
  cause: 'analysis-failed',
  atStep: 2,
  reason: 'error-ratio 0.5 > 0.01',
  restore: { kind: 'restored' },
  startedAt: at + 3000,
  finishedAt: at + 130_000,
  steps: [
    {
      kind: 'analysed',
      index: 1,
      weight: 10,
      startedAt: at + 3000,
      finishedAt: at + 65_000,
      analysis: {
        kind: 'success',
        decision: 'continue',
        failures: 0,
        measurements: [
          { kind: 'success', metric: 'error-ratio', value: 0, threshold: 0.01, startedAt: at, finishedAt: at },
        ],
      },
    },
    {
      kind: 'analysed',
      index: 2,
      weight: 50,
      startedAt: at + 65_000,
      finishedAt: at + 128_000,
      analysis: {
        kind: 'failure',
        decision: 'abort',
        failures: 1,
        reason: 'error-ratio 0.5 > 0.01',
        measurements: [
          {
            kind: 'failure',
            metric: 'error-ratio',
            value: 0.5,
            threshold: 0.01,
            reason: '0.5 > 0.01',
            startedAt: at,
            finishedAt: at,
          },
        ],
      },
    },
  ],
};

interface Case {
  name: string;
  report: RolloutReport;
  /** Lines the summary's Markdown holds, in this order. */
  markdown: string[];
  line: string;
}

const cases: Case[] = [
  {
    name: 'blue-green switched',
    report: {
      strategy: 'blue-green',
      host: 'app1',
      outcome: 'switched',
      live: 'green',
      steps: [step('start green beside blue', 0, true, 'shop-green'), step('switch nginx to green', 2000, true)],
    },
    markdown: [
      '**blue-green** on app1: switched (live: green)',
      '| Step | Detail | Started (UTC) | Took |',
      '| ✅ start green beside blue | shop-green | 07:00:00 | 1.5 s |',
      '| ✅ switch nginx to green |  | 07:00:02 | 1.5 s |',
    ],
    line: 'Blue-green on app1: switched, green live.',
  },
  {
    name: 'blue-green that never became healthy',
    report: {
      strategy: 'blue-green',
      host: 'app1',
      outcome: 'failed',
      live: 'blue',
      steps: [
        step('start green beside blue', 0, true),
        step('health check green on its own port', 2000, false, 'never answered 2xx'),
      ],
    },
    markdown: [
      '**blue-green** on app1: failed (live: blue)',
      '| ❌ health check green on its own port | never answered 2xx | 07:00:02 | 1.5 s |',
    ],
    line: 'Blue-green on app1: failed, ✗ health check green on its own port (never answered 2xx), blue live.',
  },
  {
    name: 'canary aborted at 50%',
    report: {
      strategy: 'canary',
      host: 'app1',
      outcome: 'aborted',
      live: 'blue',
      steps: [step('start green (canary) beside blue', 0, true)],
      canary: aborted,
    },
    markdown: [
      '**canary** on app1: aborted (live: blue)',
      'Aborted at step 2: error-ratio 0.5 > 0.01',
      '| Step | Weight | Analysis | Measurements | Started (UTC) | Took |',
      '| 1 | 10% | ✅ passed | error-ratio 0 ≤ 0.01 ✅ | 07:00:03 | 1m 02s |',
      '| 2 | 50% | ❌ failed | error-ratio 0.5 > 0.01 ❌ | 07:01:05 | 1m 03s |',
      '| ✅ start green (canary) beside blue |  | 07:00:00 | 1.5 s |',
    ],
    line: 'Canary on app1: 10% ✓, 50% ✗ error-ratio 0.5 > 0.01, aborted.',
  },
  {
    name: 'canary promoted',
    report: {
      strategy: 'canary',
      host: 'app1',
      outcome: 'promoted',
      live: 'green',
      steps: [step('promote green', 200_000, true)],
      canary: {
        outcome: 'promoted',
        startedAt: at,
        finishedAt: at + 200_000,
        steps: [{ ...aborted.steps[0]! }, { ...aborted.steps[0]!, index: 2, weight: 100 }],
      },
    },
    markdown: [
      '**canary** on app1: promoted (live: green)',
      '| 2 | 100% | ✅ passed | error-ratio 0 ≤ 0.01 ✅ | 07:00:03 | 1m 02s |',
    ],
    line: 'Canary on app1: 10% ✓, 100% ✓, promoted.',
  },
  {
    name: 'canary whose first release was switched in whole',
    report: { strategy: 'canary', host: 'app1', outcome: 'switched', live: 'blue', steps: [] },
    markdown: ['**canary** on app1: switched (live: blue)'],
    line: 'Canary on app1: first release switched in whole.',
  },
];

describe('a blue-green or canary report as the engine shows it', () => {
  it.each(cases)('$name: the summary step table and the notification line', ({ report, markdown, line }) => {
    const lines = rolloutMarkdown(report).split('\n');
    // In this order, each line whole (the table is the step table, not a paraphrase of it).
    let from = 0;
    for (const expected of markdown) {
      const index = lines.indexOf(expected, from);
      expect({ expected, found: index >= 0 }).toEqual({ expected, found: true });
      from = index + 1;
    }
    expect(rolloutLine(report)).toBe(line);
  });

  it('escapes what a host said, so it can neither hide nor fake a row', () => {
    const report: RolloutReport = {
      strategy: 'blue-green',
      host: 'app1',
      outcome: 'failed',
      steps: [{ ...step('switch nginx to green', 0, false), detail: '<b>emerg</b> | bad' }],
    };
    expect(rolloutMarkdown(report)).toContain('| ❌ switch nginx to green | &lt;b>emerg&lt;/b> \\| bad |');
  });
});

const settings: SshComposeSettings = {
  kind: 'ssh-compose',
  hosts: ['app1.example.com'],
  user: 'deploy',
  port: 22,
  projectDir: '/opt/shop',
  composeCommand: 'docker compose',
  connectTimeoutMs: 20_000,
  deployTimeoutMs: 600_000,
  registryLogin: true,
  insecureSkipHostKey: false,
};
const secrets = { sshKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n', knownHosts: 'app1.example.com ssh-ed25519 AAAA' };
const plans: Array<{ strategy: BlueGreenStrategy | CanaryStrategy; plan: object }> = [
  {
    strategy: {
      kind: 'blue-green',
      proxy: { kind: 'nginx', runs: 'host', upstream: 'api' },
      drainTimeoutMs: 30_000,
      keepMs: 3_600_000,
    },
    plan: { strategy: 'blue-green', hosts: ['app1.example.com'] },
  },
  {
    strategy: {
      kind: 'canary',
      proxy: { kind: 'nginx', runs: 'host', upstream: 'api' },
      steps: [10, 50, 100],
      pauseMs: 60_000,
      failureLimit: 0,
      onInconclusive: 'fail',
      drainTimeoutMs: 30_000,
      analysis: { metrics: [], health: true, count: 1, intervalMs: 30_000 },
    },
    plan: { strategy: 'canary', hosts: ['app1.example.com'], steps: [10, 50, 100] },
  },
];

describe('the ledger payload of a blue-green or canary deploy', () => {
  const api = { service: 'api', image: 'ghcr.io/acme/shop/api:v2', digest: `sha256:${'a'.repeat(64)}` };

  it.each(plans)('$plan.strategy: the plan is recorded and reads back', ({ strategy, plan }) => {
    const target = targetFromSettings(settings, secrets, {
      log: memoryLog(),
      where: 'environments.production.target',
      strategy,
    });
    expect(target.rollout).toEqual(plan);
    const payload = releasePayload('v2', [api], { rollout: target.rollout! });
    expect(readPayload(JSON.stringify(payload)).rollout).toEqual(plan);
  });

  it('reads a payload without weights (older, or another strategy) as before, and drops a bad weight', () => {
    const payload = releasePayload('v2', [api], { rollout: { strategy: 'rolling', hosts: ['a', 'b'] } });
    expect(readPayload(JSON.stringify(payload)).rollout).toEqual({ strategy: 'rolling', hosts: ['a', 'b'] });
    const odd = { ...payload, rollout: { strategy: 'canary', hosts: ['a'], steps: [10, '50', 100] } };
    expect(readPayload(odd).rollout).toEqual({ strategy: 'canary', hosts: ['a'], steps: [10, 100] });
  });
});

describe('the error a failed blue-green or canary deploy throws', () => {
  const report: RolloutReport = { strategy: 'canary', host: 'app1', outcome: 'aborted', steps: [], canary: aborted };

  it('carries the report under the same message, the user error as its cause', () => {
    const cause = new UserError('Canary v3 aborted at step 2 (analysis-failed): error-ratio 0.5 > 0.01');
    const thrown = withReport(cause, report);
    expect(thrown).toBeInstanceOf(RolloutFailedError);
    expect(thrown).toMatchObject({ message: cause.message, report, cause });
  });

  it('leaves a bug as it is, stack and all', () => {
    const bug = new TypeError('x is undefined');
    expect(withReport(bug, report)).toBe(bug);
  });
});
