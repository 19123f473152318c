import { describe, expect, it } from '@jest/globals';
import type { HostsRolloutReport, RolloutReport } from '../types';
import { rolloutLine, rolloutMarkdown, rolloutStatusText } from './report-text';

const at = Date.UTC(2026, 10, 30, 7, 0, 0);

const rolling: HostsRolloutReport = {
  strategy: 'rolling',
  outcome: 'rolled-back',
  reason: 'b: health failed: <b>503</b>',
  hosts: [
    {
      status: 'rolled-back',
      host: 'a',
      batch: 1,
      startedAt: at,
      finishedAt: at + 2000,
      revert: { kind: 'reverted', startedAt: at + 3000, finishedAt: at + 4000 },
    },
    {
      status: 'failed',
      host: 'b',
      batch: 2,
      phase: 'health',
      error: '<b>503</b> | down',
      startedAt: at + 2000,
      finishedAt: at + 3000,
      revert: { kind: 'reverted', startedAt: at + 3000, finishedAt: at + 3500 },
    },
  ],
  startedAt: at,
  finishedAt: at + 4000,
};

describe('a rollout report as text', () => {
  it('gives a row per host for the summary, with what servers said escaped', () => {
    expect(rolloutMarkdown(rolling).split('\n')).toEqual([
      '**rolling** over 2 host(s): ↩️ stopped; every host it changed is back on the previous release (b: health failed: &lt;b>503&lt;/b>)',
      '',
      '| Host | Batch | Result | Previous release | Started (UTC) | Took |',
      '| --- | --- | --- | --- | --- | --- |',
      '| a | 1 | ↩️ updated, then rolled back | ✅ reverted in 1.0s | 07:00:00 | 2.0s |',
      '| b | 2 | ❌ health failed: &lt;b>503&lt;/b> \\| down | ✅ reverted in 500ms | 07:00:02 | 1.0s |',
    ]);
  });

  it('gives one line per rollout for notifications', () => {
    expect(rolloutLine(rolling)).toBe('Hosts (rolling): a rolled back, b health failed (put back).');
    expect(rolloutLine({ strategy: 'blue-green', host: 'app1', outcome: 'switched', live: 'green', steps: [] })).toBe(
      'Blue-green on app1: switched, green live.',
    );
  });

  it('puts each host’s own blue-green steps under the host table', () => {
    const steps = (outcome: 'switched' | 'switched-back') => ({
      strategy: 'blue-green' as const,
      host: 'a',
      outcome,
      live: 'green',
      steps: [
        { name: 'switch nginx to green', startedAt: at, finishedAt: at + 300, ok: true, detail: '127.0.0.1:4100' },
      ],
    });
    const lines = rolloutMarkdown({
      ...rolling,
      hostSteps: [
        { host: 'a', during: 'deploy', report: steps('switched') },
        { host: 'a', during: 'revert', report: steps('switched-back') },
      ],
    }).split('\n');
    expect(lines.slice(6)).toEqual([
      '',
      '**a**, its deploy:',
      '',
      '**blue-green** on a: switched (live: green)',
      '',
      '| Step | Detail | Started (UTC) | Took |',
      '| ---- | ------ | ------------- | ---- |',
      '| ✅ switch nginx to green | 127.0.0.1:4100 | 07:00:00 | 0.3 s |',
      '',
      '**a**, putting back the previous release:',
      '',
      '**blue-green** on a: switched-back (live: green)',
      '',
      '| Step | Detail | Started (UTC) | Took |',
      '| ---- | ------ | ------------- | ---- |',
      '| ✅ switch nginx to green | 127.0.0.1:4100 | 07:00:00 | 0.3 s |',
    ]);
  });
});

describe('a rollout report in a deployment status (140 characters)', () => {
  const updated = (host: string, batch: number) => ({
    status: 'updated' as const,
    host,
    batch,
    startedAt: at,
    finishedAt: at + 1000,
  });

  it('names every host and how it ended when they fit', () => {
    expect(rolloutStatusText(rolling, 140)).toBe('rolling a:back b:health-failed');
    const notBack: RolloutReport = {
      ...rolling,
      outcome: 'rollback-failed',
      hosts: [
        {
          status: 'rolled-back',
          host: 'a',
          batch: 1,
          startedAt: at,
          finishedAt: at,
          revert: { kind: 'revert-failed', error: 'ssh cut', startedAt: at, finishedAt: at },
        },
        { status: 'not-started', host: 'c', batch: 3 },
      ],
    };
    expect(rolloutStatusText(notBack, 140)).toBe('rolling a:NOT-back c:not-started');
  });

  it('counts the hosts that were fine, then the hosts left out, instead of cutting a word', () => {
    const many: RolloutReport = {
      strategy: 'rolling',
      outcome: 'rolled-back',
      hosts: [
        ...Array.from({ length: 30 }, (_, i) => updated(`app-${String(i).padStart(2, '0')}.example.com`, i + 1)),
        { ...rolling.hosts[1]!, host: 'app-30.example.com' },
      ],
      startedAt: at,
      finishedAt: at,
    };
    expect(rolloutStatusText(many, 140)).toBe('rolling 31 hosts: 30 ok app-30.example.com:health-failed');
    expect(rolloutStatusText(many, 40)).toBe('rolling 31 hosts: 30 ok +1 more');
  });

  it('gives a canary’s weights and ending, and a blue-green deploy’s ending and live colour', () => {
    expect(
      rolloutStatusText({ strategy: 'blue-green', host: 'app1', outcome: 'switched', live: 'green', steps: [] }, 140),
    ).toBe('blue-green app1: switched green-live');
    const passed = { kind: 'success' as const, decision: 'continue' as const, failures: 0, measurements: [] };
    const failed = {
      kind: 'failure' as const,
      decision: 'abort' as const,
      failures: 1,
      reason: 'error-ratio',
      measurements: [],
    };
    const canary: RolloutReport = {
      strategy: 'canary',
      host: 'app1',
      outcome: 'aborted',
      live: 'blue',
      steps: [],
      canary: {
        outcome: 'aborted',
        cause: 'analysis-failed',
        atStep: 2,
        reason: 'error-ratio 0.5 > 0.01',
        restore: { kind: 'restored' },
        startedAt: at,
        finishedAt: at,
        steps: [
          { kind: 'analysed', index: 1, weight: 10, startedAt: at, finishedAt: at, analysis: passed },
          { kind: 'analysed', index: 2, weight: 50, startedAt: at, finishedAt: at, analysis: failed },
        ],
      },
    };
    expect(rolloutStatusText(canary, 140)).toBe('canary app1: 10%:ok 50%:failed aborted blue-live');
  });
});
