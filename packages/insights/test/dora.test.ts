import { describe, expect, it } from '@jest/globals';
import { chartData, environmentMetrics, median, percentile, type HistoryEntry } from '@deploy-kit/insights';

const since = new Date('2026-11-01T00:00:00Z');
const now = new Date('2026-11-15T00:00:00Z');

function entry(id: number, overrides: Partial<HistoryEntry>): HistoryEntry {
  return {
    id,
    environment: 'production',
    kind: 'deploy',
    recordedBy: 'deploy-kit',
    sha: 'a'.repeat(40),
    version: `1.0.${id}`,
    image: 'ghcr.io/o/app',
    digest: `sha256:${String(id).padStart(64, '0')}`,
    services: [{ service: 'app', image: 'ghcr.io/o/app', digest: `sha256:${String(id).padStart(64, '0')}` }],
    creator: 'github-actions[bot]',
    createdAt: '2026-11-02T10:00:00Z',
    outcome: 'success',
    ...overrides,
  };
}

describe('median and percentile', () => {
  it('takes the middle value, the mean of the two middle ones for an even count, null for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('takes the nearest-rank p90', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 90)).toBeNull();
  });
});

describe('environmentMetrics', () => {
  it('is null, never 0, for every metric of an empty window', () => {
    expect(environmentMetrics('production', [], { since, now })).toEqual({
      environment: 'production',
      since: since.toISOString(),
      deployments: 0,
      deploymentsPerDay: null,
      leadTimeMedianSeconds: null,
      leadTimeP90Seconds: null,
      changeFailureRate: null,
      timeToRestoreMedianSeconds: null,
    });
  });

  it('reports a real 0 when deployments happened but none succeeded, and no restore while none followed', () => {
    const failed = entry(1, { outcome: 'failure', failedAt: '2026-11-02T10:05:00Z' });
    expect(environmentMetrics('production', [failed], { since, now })).toMatchObject({
      deployments: 1,
      deploymentsPerDay: 0,
      changeFailureRate: 1,
      timeToRestoreMedianSeconds: null,
      leadTimeMedianSeconds: null,
    });
  });

  it('does not count rollbacks as deployments, nor a running deployment in the failure rate', () => {
    const bad = entry(1, {
      outcome: 'failure',
      succeededAt: '2026-11-02T10:05:00Z',
      failedAt: '2026-11-02T11:00:00Z',
      rolledBackBy: { deploymentId: 2, version: '1.0.0', digest: 'sha256:0' },
    });
    const rollback = entry(2, {
      kind: 'rollback',
      createdAt: '2026-11-02T10:50:00Z',
      succeededAt: '2026-11-02T11:00:00Z',
    });
    const running = entry(3, { createdAt: '2026-11-14T10:00:00Z', outcome: 'pending' });
    const metrics = environmentMetrics('production', [running, rollback, bad], { since, now });
    expect(metrics).toMatchObject({
      deployments: 2,
      // bad reached success before it was rolled back: 1 successful deployment in 14 days
      deploymentsPerDay: 0.071,
      changeFailureRate: 1,
      // 10:05 (went live) to 11:00 (the rollback succeeded)
      timeToRestoreMedianSeconds: 3300,
    });
  });

  it('leaves deployments outside the window out', () => {
    const before = entry(1, { createdAt: '2026-10-31T23:59:59Z', outcome: 'failure' });
    const after = entry(2, { createdAt: '2026-11-15T00:00:01Z' });
    expect(environmentMetrics('production', [after, before], { since, now }).deployments).toBe(0);
  });
});

describe('chartData', () => {
  it('buckets deployments per day (per week beyond 31 days), failures apart, rollbacks and running ones out', () => {
    const entries = [
      entry(1, { createdAt: '2026-11-01T00:00:00Z' }),
      entry(2, { createdAt: '2026-11-01T23:59:59Z', outcome: 'failure' }),
      entry(3, { createdAt: '2026-11-03T12:00:00Z', kind: 'rollback' }),
      entry(4, { createdAt: '2026-11-14T12:00:00Z', outcome: 'pending' }),
      entry(5, { createdAt: '2026-11-14T12:00:00Z' }),
    ];
    const daily = chartData(entries, since, now);
    expect(daily.unit).toBe('day');
    expect(daily.buckets).toHaveLength(14);
    expect(daily.buckets[0]).toEqual({ start: since.toISOString(), label: '11-01', succeeded: 1, failed: 1 });
    expect(daily.buckets[13]).toMatchObject({ label: '11-14', succeeded: 1, failed: 0 });
    expect(daily.buckets.reduce((n, b) => n + b.succeeded + b.failed, 0)).toBe(3);
    const weekly = chartData(entries, new Date('2026-09-01T00:00:00Z'), now);
    expect(weekly.unit).toBe('week');
  });
});
