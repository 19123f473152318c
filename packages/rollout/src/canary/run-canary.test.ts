import { describe, expect, it } from '@jest/globals';
import { combineMeasurements } from '../analysis/combine';
import type { Measurement, StepAnalysis } from '../analysis/measurement';
import type { Clock } from '../ports';
import { runCanary } from './run-canary';
import { renderStepTable } from './step-table';
import type { CanaryPorts } from './types';

/** A clock that moves only when slept on, so times in results are exact. */
function fakeClock(start = Date.UTC(2026, 10, 30, 7, 0, 0)) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps };
}

const at = { startedAt: 0, finishedAt: 0 };
const ok: Measurement = { kind: 'success', metric: 'error-ratio', value: 0.001, threshold: 0.01, ...at };
const breach: Measurement = {
  kind: 'failure',
  metric: 'error-ratio',
  value: 0.3,
  threshold: 0.01,
  reason: '0.3 is above the maximum 0.01',
  ...at,
};
const noData: Measurement = { kind: 'inconclusive', metric: 'p95-latency', threshold: 0.5, reason: 'no data', ...at };
const verdict = (ms: Measurement[], onInconclusive: 'fail' | 'promote' = 'fail'): StepAnalysis =>
  combineMeasurements(ms, { failureLimit: 0, onInconclusive });

/** Ports that record what the machine asked, in order; analyses are scripted per step. */
function recordingPorts(analyses: StepAnalysis[], failures: { setWeight?: number; stop?: boolean } = {}) {
  const calls: string[] = [];
  const ports: CanaryPorts = {
    setWeight: async (weight) => {
      calls.push(`weight ${weight}`);
      if (failures.setWeight === weight) throw new Error(`proxy refused weight ${weight}`);
    },
    analyse: async ({ index }) => {
      calls.push(`analyse ${index}`);
      return analyses[index - 1] ?? verdict([ok]);
    },
    stopCanary: async () => {
      calls.push('stop canary');
      if (failures.stop) throw new Error('compose stop failed');
    },
  };
  return { ports, calls };
}

const log = { info: () => undefined, warning: () => undefined };
const plan = { steps: [10, 50, 100], pauseMs: 30_000 };

describe('runCanary', () => {
  it('promotes after every step passed: weight, pause, analysis at each step', async () => {
    const { clock, sleeps } = fakeClock();
    const { ports, calls } = recordingPorts([]);
    const result = await runCanary(plan, ports, { clock, log });
    expect(result.outcome).toBe('promoted');
    expect(calls).toEqual(['weight 10', 'analyse 1', 'weight 50', 'analyse 2', 'weight 100', 'analyse 3']);
    expect(sleeps).toEqual([30_000, 30_000, 30_000]);
    expect(result.steps.map((s) => [s.index, s.weight, s.finishedAt - s.startedAt])).toEqual([
      [1, 10, 30_000],
      [2, 50, 30_000],
      [3, 100, 30_000],
    ]);
  });

  it('aborts on a breach at step 2: weight back to 0, canary stopped, the step and its measurements kept', async () => {
    const { clock } = fakeClock();
    const { ports, calls } = recordingPorts([verdict([ok]), verdict([breach])]);
    const result = await runCanary(plan, ports, { clock, log });
    expect(calls).toEqual(['weight 10', 'analyse 1', 'weight 50', 'analyse 2', 'weight 0', 'stop canary']);
    expect(result).toMatchObject({
      outcome: 'aborted',
      cause: 'analysis-failed',
      atStep: 2,
      restore: { kind: 'restored' },
    });
    expect(result.outcome === 'aborted' && result.reason).toContain('error-ratio: 0.3 is above the maximum 0.01');
    expect(result.steps[1]).toMatchObject({
      kind: 'analysed',
      weight: 50,
      analysis: { kind: 'failure', measurements: [breach] },
    });
  });

  it('aborts on no data by default (on-inconclusive: fail)', async () => {
    const { clock } = fakeClock();
    const { ports, calls } = recordingPorts([verdict([ok, noData])]);
    const result = await runCanary(plan, ports, { clock, log });
    expect(result).toMatchObject({ outcome: 'aborted', cause: 'inconclusive', atStep: 1 });
    expect(calls.slice(-2)).toEqual(['weight 0', 'stop canary']);
  });

  it('goes on through no data with on-inconclusive: promote, the step still reported inconclusive', async () => {
    const { clock } = fakeClock();
    const { ports } = recordingPorts([verdict([noData], 'promote')]);
    const result = await runCanary(plan, ports, { clock, log });
    expect(result.outcome).toBe('promoted');
    expect(result.steps[0]).toMatchObject({ analysis: { kind: 'inconclusive', decision: 'continue' } });
  });

  it('aborts when the proxy refuses a weight, and still sends the traffic back', async () => {
    const { clock } = fakeClock();
    const { ports, calls } = recordingPorts([], { setWeight: 50 });
    const result = await runCanary(plan, ports, { clock, log });
    expect(result).toMatchObject({ outcome: 'aborted', cause: 'error', atStep: 2, reason: 'proxy refused weight 50' });
    expect(result.steps[1]).toMatchObject({ kind: 'error', error: 'proxy refused weight 50' });
    expect(calls.slice(-2)).toEqual(['weight 0', 'stop canary']);
  });

  it('on cancel, takes the canary out of the traffic all the same', async () => {
    const { clock } = fakeClock();
    const controller = new AbortController();
    const { ports, calls } = recordingPorts([]);
    const cancelling: CanaryPorts = {
      ...ports,
      analyse: async (step, signal) => {
        const result = await ports.analyse(step, signal);
        if (step.index === 2) controller.abort(new Error('job cancelled'));
        return result;
      },
    };
    const result = await runCanary(plan, cancelling, { clock, log, signal: controller.signal });
    expect(result).toMatchObject({ outcome: 'aborted', cause: 'cancelled', atStep: 3, restore: { kind: 'restored' } });
    expect(calls).toEqual(['weight 10', 'analyse 1', 'weight 50', 'analyse 2', 'weight 0', 'stop canary']);
  });

  it('leaves the canary running, and says so, when the weight cannot go back to 0', async () => {
    const { clock } = fakeClock();
    const { ports, calls } = recordingPorts([verdict([breach])], { setWeight: 0 });
    const result = await runCanary(plan, ports, { clock, log });
    expect(result).toMatchObject({
      outcome: 'aborted',
      restore: { kind: 'restore-failed', error: expect.stringContaining('weight back to 0') },
    });
    expect(calls).not.toContain('stop canary');
  });

  it('reports a canary that could not be stopped once out of the traffic', async () => {
    const { clock } = fakeClock();
    const { ports } = recordingPorts([verdict([breach])], { stop: true });
    const result = await runCanary(plan, ports, { clock, log });
    expect(result).toMatchObject({
      restore: { kind: 'restore-failed', error: expect.stringContaining('compose stop failed') },
    });
  });
});

describe('renderStepTable', () => {
  it('shows each step with its weight, verdict, values against thresholds and times', async () => {
    const { clock } = fakeClock();
    const { ports } = recordingPorts([verdict([ok, noData], 'promote'), verdict([breach])]);
    const result = await runCanary({ steps: [10, 50, 100], pauseMs: 65_000 }, ports, { clock, log });
    expect(renderStepTable(result.steps)).toBe(
      [
        '| Step | Weight | Analysis | Measurements | Started (UTC) | Took |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 1 | 10% | ⚠️ inconclusive, promoted | error-ratio 0.001 ≤ 0.01 ✅<br>p95-latency no data (max 0.5) ⚠️ | 07:00:00 | 1m 05s |',
        '| 2 | 50% | ❌ failed | error-ratio 0.3 > 0.01 ❌ | 07:01:05 | 1m 05s |',
      ].join('\n'),
    );
  });

  it('shows a step that could not complete with its error, pipes escaped', () => {
    const table = renderStepTable([
      { kind: 'error', index: 1, weight: 10, startedAt: 0, finishedAt: 400, error: 'nginx -t | failed' },
    ]);
    expect(table.split('\n')[2]).toBe('| 1 | 10% | ❌ error: nginx -t \\| failed |  | 00:00:00 | 400ms |');
  });
});
