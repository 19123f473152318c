import { describe, expect, it } from '@jest/globals';
import type { RolloutReport } from '../types';
import { rolloutLine, rolloutMarkdown } from './report-text';

const at = Date.UTC(2026, 10, 30, 7, 0, 0);

describe('a rollout report as text', () => {
  const rolling: RolloutReport = {
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
});
