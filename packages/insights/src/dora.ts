import { seconds } from './entry';
import type { EnvironmentMetrics, HistoryEntry } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MetricsWindow {
  since: Date;
  now: Date;
}

/**
 * The DORA metrics of each environment named (every metric null for one
 * without deployments), or of every environment in the entries, by name.
 */
export function computeMetrics(
  entries: readonly HistoryEntry[],
  window: MetricsWindow,
  environments?: readonly string[],
): EnvironmentMetrics[] {
  const names = environments ?? [...new Set(entries.map((e) => e.environment))].sort();
  return names.map((name) =>
    environmentMetrics(
      name,
      entries.filter((e) => e.environment === name),
      window,
    ),
  );
}

/**
 * The four DORA metrics of one environment over [since, now]; definitions in
 * docs/metrics.md. Entries are that environment's history (any order).
 * Every metric without data is null, never 0.
 */
export function environmentMetrics(
  environment: string,
  entries: readonly HistoryEntry[],
  { since, now }: MetricsWindow,
): EnvironmentMetrics {
  const inWindow = (at: string | undefined) =>
    at !== undefined && Date.parse(at) >= since.getTime() && Date.parse(at) <= now.getTime();
  const deployments = entries.filter((e) => e.kind === 'deploy' && inWindow(e.createdAt));
  const days = (now.getTime() - since.getTime()) / DAY_MS;

  const succeeded = deployments.filter((e) => e.outcome === 'success' || e.succeededAt !== undefined);
  const finished = deployments.filter((e) => e.outcome !== 'pending' || e.rolledBackBy);
  const failed = finished.filter(isChangeFailure);

  const leadTimes = succeeded
    .filter((e) => e.committedAt && e.succeededAt)
    .map((e) => seconds(Date.parse(e.succeededAt as string) - Date.parse(e.committedAt as string)))
    .map((s) => Math.max(0, s));

  const restores = failed.map((bad) => timeToRestore(bad, entries)).filter((s): s is number => s !== undefined);

  return {
    environment,
    since: since.toISOString(),
    deployments: deployments.length,
    deploymentsPerDay: deployments.length === 0 || days <= 0 ? null : round(succeeded.length / days, 3),
    leadTimeMedianSeconds: median(leadTimes),
    leadTimeP90Seconds: percentile(leadTimes, 90),
    changeFailureRate: finished.length === 0 ? null : round(failed.length / finished.length, 4),
    timeToRestoreMedianSeconds: median(restores),
  };
}

/** Its final status is failure or error, or a later rollback replaced it. */
export function isChangeFailure(entry: HistoryEntry): boolean {
  return entry.outcome === 'failure' || entry.outcome === 'error' || entry.rolledBackBy !== undefined;
}

/**
 * From when the bad deployment went bad (its success, when it had gone live
 * before being rolled back; else its failure) to the success of the next
 * successful deployment of the environment (the first created after it that
 * succeeded), a rollback included: that is what restores service. Undefined
 * while not restored.
 */
function timeToRestore(bad: HistoryEntry, entries: readonly HistoryEntry[]): number | undefined {
  const start = bad.succeededAt ?? bad.failedAt;
  if (!start) return undefined;
  const next = entries
    .filter((e) => e.succeededAt && isAfter(e, bad))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id)[0];
  if (!next) return undefined;
  return Math.max(0, seconds(Date.parse(next.succeededAt as string) - Date.parse(start)));
}

function isAfter(entry: HistoryEntry, other: HistoryEntry): boolean {
  const a = Date.parse(entry.createdAt);
  const b = Date.parse(other.createdAt);
  return a > b || (a === b && entry.id > other.id);
}

/** The middle value; the mean of the two middle values for an even count. Null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
