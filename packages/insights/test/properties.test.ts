// Properties of the metrics over arbitrary histories: what must hold whatever
// the ledger holds (hand-worked examples are in test/report/history-fixture.ts).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chartData, environmentMetrics, type HistoryEntry, type Outcome } from '@deploy-kit/insights';

const since = new Date('2026-11-01T00:00:00Z');
const now = new Date('2026-12-01T00:00:00Z');
const SPAN = now.getTime() - since.getTime();
const iso = (ms: number) => new Date(ms).toISOString();

const arbitraryEntry: fc.Arbitrary<RawEntry> = fc.record({
  offset: fc.integer({ min: -5 * 86_400_000, max: SPAN }),
  kind: fc.constantFrom('deploy' as const, 'rollback' as const),
  outcome: fc.constantFrom<Outcome>('success', 'failure', 'error', 'pending'),
  tookSeconds: fc.integer({ min: 1, max: 7200 }),
  leadSeconds: fc.option(fc.integer({ min: 0, max: 30 * 86_400 }), { nil: undefined }),
  rolledBack: fc.boolean(),
});

interface RawEntry {
  offset: number;
  kind: 'deploy' | 'rollback';
  outcome: Outcome;
  tookSeconds: number;
  leadSeconds: number | undefined;
  rolledBack: boolean;
}

function toEntries(raw: RawEntry[]): HistoryEntry[] {
  return raw.map((r, i) => {
    const created = since.getTime() + r.offset;
    const done = iso(created + r.tookSeconds * 1000);
    const entry: HistoryEntry = {
      id: i + 1,
      environment: 'production',
      kind: r.kind,
      recordedBy: 'deploy-kit',
      sha: 'a'.repeat(40),
      version: `1.0.${i}`,
      image: '',
      digest: '',
      services: [],
      creator: '',
      createdAt: iso(created),
      outcome: r.outcome,
    };
    if (r.outcome === 'success') entry.succeededAt = done;
    if (r.outcome === 'failure' || r.outcome === 'error') entry.failedAt = done;
    if (entry.succeededAt && r.leadSeconds !== undefined)
      entry.committedAt = iso(Date.parse(entry.succeededAt) - r.leadSeconds * 1000);
    if (r.rolledBack && r.kind === 'deploy' && r.outcome !== 'pending')
      entry.rolledBackBy = { deploymentId: 0, version: '', digest: '' };
    return entry;
  });
}

describe('DORA metrics over any history', () => {
  it('are null exactly when there is no data, and stay in range', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 40 }), (raw) => {
        const entries = toEntries(raw);
        const m = environmentMetrics('production', entries, { since, now });
        const counted = entries.filter((e) => e.kind === 'deploy' && Date.parse(e.createdAt) >= since.getTime());
        expect(m.deployments).toBe(counted.length);
        expect(m.deploymentsPerDay === null).toBe(counted.length === 0);
        if (m.deploymentsPerDay !== null) expect(m.deploymentsPerDay).toBeGreaterThanOrEqual(0);
        const finished = counted.filter((e) => e.outcome !== 'pending' || e.rolledBackBy);
        expect(m.changeFailureRate === null).toBe(finished.length === 0);
        if (m.changeFailureRate !== null) {
          expect(m.changeFailureRate).toBeGreaterThanOrEqual(0);
          expect(m.changeFailureRate).toBeLessThanOrEqual(1);
        }
        expect(m.leadTimeMedianSeconds === null).toBe(m.leadTimeP90Seconds === null);
        if (m.leadTimeMedianSeconds !== null && m.leadTimeP90Seconds !== null)
          expect(m.leadTimeP90Seconds).toBeGreaterThanOrEqual(Math.floor(m.leadTimeMedianSeconds));
        if (m.timeToRestoreMedianSeconds !== null) expect(m.timeToRestoreMedianSeconds).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('chart buckets count every finished deployment of the window once', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 40 }), (raw) => {
        const entries = toEntries(raw);
        const total = chartData(entries, since, now).buckets.reduce((n, b) => n + b.succeeded + b.failed, 0);
        const expected = entries.filter(
          (e) =>
            e.kind === 'deploy' &&
            Date.parse(e.createdAt) >= since.getTime() &&
            (e.rolledBackBy !== undefined || e.outcome !== 'pending'),
        ).length;
        expect(total).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
