import { isChangeFailure } from './dora';
import type { HistoryEntry } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ChartBucket {
  /** Start of the bucket (ISO 8601). */
  start: string;
  /** `11-02`: month and day of the start, UTC. */
  label: string;
  /** Deployments created in the bucket that succeeded and were not rolled back. */
  succeeded: number;
  /** Deployments created in the bucket that failed or were rolled back. */
  failed: number;
}

export interface ChartData {
  unit: 'day' | 'week';
  buckets: ChartBucket[];
}

/**
 * Deployments (rollbacks excluded) per day, or per week for a window longer
 * than 31 days, counted by creation time. Deployments still running are in
 * neither series. The Mermaid chart and the page's SVG both draw this.
 */
export function chartData(entries: readonly HistoryEntry[], since: Date, now: Date): ChartData {
  const unit = now.getTime() - since.getTime() > 31 * DAY_MS ? 'week' : 'day';
  const size = unit === 'week' ? 7 * DAY_MS : DAY_MS;
  const count = Math.max(1, Math.ceil((now.getTime() - since.getTime()) / size));
  const buckets: ChartBucket[] = Array.from({ length: count }, (_, i) => {
    const start = new Date(since.getTime() + i * size);
    return { start: start.toISOString(), label: start.toISOString().slice(5, 10), succeeded: 0, failed: 0 };
  });
  for (const entry of entries) {
    if (entry.kind !== 'deploy') continue;
    const offset = Date.parse(entry.createdAt) - since.getTime();
    if (offset < 0 || Date.parse(entry.createdAt) > now.getTime()) continue;
    const bucket = buckets[Math.min(count - 1, Math.floor(offset / size))] as ChartBucket;
    if (isChangeFailure(entry)) bucket.failed++;
    else if (entry.outcome === 'success') bucket.succeeded++;
  }
  return { unit, buckets };
}
