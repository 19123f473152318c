import { describe, expect, it } from '@jest/globals';
import type { Clock } from '../ports';
import { renderHostTable } from './host-table';
import { planBatches } from './plan-batches';
import { runRolling } from './run-rolling';
import type { RollingPorts } from './types';

describe('planBatches', () => {
  const hosts = ['a', 'b', 'c'];
  it.each([
    [{ kind: 'count', hosts: 1 } as const, [['a'], ['b'], ['c']]],
    [{ kind: 'count', hosts: 2 } as const, [['a', 'b'], ['c']]],
    [{ kind: 'count', hosts: 5 } as const, [['a', 'b', 'c']]],
    // 34% of 3 = 1.02, rounded up to 2.
    [{ kind: 'percent', percent: 34 } as const, [['a', 'b'], ['c']]],
    [{ kind: 'percent', percent: 33 } as const, [['a'], ['b'], ['c']]],
    // 10% of 3 = 0.3: at least one host.
    [{ kind: 'percent', percent: 10 } as const, [['a'], ['b'], ['c']]],
    [{ kind: 'percent', percent: 100 } as const, [['a', 'b', 'c']]],
  ])('%j gives %j', (batch, expected) => {
    expect(planBatches(hosts, batch)).toEqual(expected);
  });
});

const clock: Clock = { now: () => 0, sleep: async () => undefined };
const log = { info: () => undefined, warning: () => undefined };

/** Ports that record every call in order; `fail` makes one phase of one host fail. */
function recordingPorts(fail: { host: string; phase: 'before' | 'deploy' | 'health' | 'after' | 'revert' }[] = []) {
  const calls: string[] = [];
  const fails = (host: string, phase: string) => fail.some((f) => f.host === host && f.phase === phase);
  const step = (phase: string) => async (host: string) => {
    calls.push(`${phase} ${host}`);
    if (fails(host, phase)) throw new Error(`${phase} on ${host} broke`);
  };
  const ports: RollingPorts = {
    before: step('before'),
    deploy: step('deploy'),
    healthCheck: async (host) => {
      calls.push(`health ${host}`);
      return fails(host, 'health') ? { kind: 'unhealthy', reason: 'HTTP 503 for 60s' } : { kind: 'healthy' };
    },
    after: step('after'),
    revert: step('revert'),
  };
  return { ports, calls };
}

describe('runRolling', () => {
  it('updates batch by batch, each host wrapped in its hooks, and completes', async () => {
    const { ports, calls } = recordingPorts();
    const result = await runRolling(['a', 'b', 'c'], { kind: 'count', hosts: 1 }, ports, { clock, log });
    expect(result.outcome).toBe('completed');
    expect(calls).toEqual(['a', 'b', 'c'].flatMap((h) => [`before ${h}`, `deploy ${h}`, `health ${h}`, `after ${h}`]));
    expect(result.hosts.map((h) => [h.host, h.status, h.batch])).toEqual([
      ['a', 'updated', 1],
      ['b', 'updated', 2],
      ['c', 'updated', 3],
    ]);
  });

  it('when the third host fails its health check, stops and returns the hosts already updated to the previous release', async () => {
    const { ports, calls } = recordingPorts([{ host: 'c', phase: 'health' }]);
    const result = await runRolling(['a', 'b', 'c'], { kind: 'count', hosts: 1 }, ports, { clock, log });
    expect(result).toMatchObject({ outcome: 'rolled-back', cause: 'host-failed', atBatch: 3 });
    expect(result.outcome !== 'completed' && result.reason).toBe('c: health failed: HTTP 503 for 60s');
    // The failed host first (it may be half-updated), then the others newest first, each in its hooks.
    expect(calls.slice(11)).toEqual([
      'revert c',
      'after c',
      'before b',
      'revert b',
      'after b',
      'before a',
      'revert a',
      'after a',
    ]);
    expect(result.hosts.map((h) => [h.host, h.status, 'revert' in h ? h.revert.kind : '-'])).toEqual([
      ['a', 'rolled-back', 'reverted'],
      ['b', 'rolled-back', 'reverted'],
      ['c', 'failed', 'reverted'],
    ]);
  });

  it('never touches the later batches once a batch failed', async () => {
    const { ports, calls } = recordingPorts([{ host: 'a', phase: 'deploy' }]);
    const result = await runRolling(['a', 'b', 'c'], { kind: 'percent', percent: 34 }, ports, { clock, log });
    expect(result.hosts.map((h) => [h.host, h.status])).toEqual([
      ['a', 'failed'],
      ['b', 'rolled-back'],
      ['c', 'not-started'],
    ]);
    expect(calls.filter((c) => c.endsWith(' c'))).toEqual([]);
  });

  it('does not revert a host whose before hook failed: nothing had changed on it', async () => {
    const { ports, calls } = recordingPorts([{ host: 'b', phase: 'before' }]);
    const result = await runRolling(['a', 'b'], { kind: 'count', hosts: 1 }, ports, { clock, log });
    expect(result.hosts[1]).toMatchObject({ status: 'failed', phase: 'before', revert: { kind: 'not-needed' } });
    expect(calls).not.toContain('revert b');
    expect(calls).toContain('revert a');
  });

  it('reports a host that could not be reverted, and still reverts the others', async () => {
    const { ports, calls } = recordingPorts([
      { host: 'c', phase: 'deploy' },
      { host: 'b', phase: 'revert' },
    ]);
    const result = await runRolling(['a', 'b', 'c'], { kind: 'count', hosts: 1 }, ports, { clock, log });
    expect(result.outcome).toBe('rollback-failed');
    expect(result.hosts[1]).toMatchObject({
      status: 'rolled-back',
      revert: { kind: 'revert-failed', error: 'revert on b broke' },
    });
    expect(calls).toContain('revert a');
  });

  it('on cancel, reverts what changed and starts nothing new', async () => {
    const controller = new AbortController();
    const { ports, calls } = recordingPorts();
    const cancelling: RollingPorts = {
      ...ports,
      after: async (host) => {
        await ports.after?.(host);
        if (host === 'a') controller.abort(new Error('job cancelled'));
      },
    };
    const result = await runRolling(['a', 'b', 'c'], { kind: 'count', hosts: 1 }, cancelling, {
      clock,
      log,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ outcome: 'rolled-back', cause: 'cancelled', atBatch: 2 });
    expect(calls).not.toContain('deploy b');
    expect(calls).toContain('revert a');
  });

  it('renders per-host results as a table', async () => {
    const { ports } = recordingPorts([{ host: 'b', phase: 'health' }]);
    const result = await runRolling(['a', 'b', 'c'], { kind: 'count', hosts: 1 }, ports, { clock, log });
    expect(renderHostTable(result.hosts).split('\n').slice(2)).toEqual([
      '| a | 1 | ↩️ updated, then rolled back | ✅ reverted in 0ms | 00:00:00 | 0ms |',
      '| b | 2 | ❌ health failed: HTTP 503 for 60s | ✅ reverted in 0ms | 00:00:00 | 0ms |',
      '| c | 3 | ⏭️ not started |  |  |  |',
    ]);
  });
});
