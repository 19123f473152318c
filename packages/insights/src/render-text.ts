import { formatPerDay, formatRate, formatSeconds, outcomeLabel, rollbackNote, shortDigest, shortTime } from './format';
import type { EnvironmentMetrics, HistoryEntry } from './types';

export const HISTORY_COLUMNS = [
  'ID',
  'ENVIRONMENT',
  'TASK',
  'VERSION',
  'DIGEST',
  'WHO',
  'WHEN',
  'OUTCOME',
  'ROLLBACK',
  'DURATION',
] as const;

/** One row per deployment, the columns of HISTORY_COLUMNS. */
export function historyRows(entries: readonly HistoryEntry[]): string[][] {
  return entries.map((e) => [
    String(e.id),
    e.environment,
    e.kind,
    e.version || '—',
    digestsOf(e) || '—',
    e.creator || '—',
    shortTime(e.createdAt),
    outcomeLabel(e),
    rollbackNote(e) || '—',
    formatSeconds(e.durationSeconds),
  ]);
}

/** A plain-text table for a terminal. */
export function renderHistoryText(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'No deployments in this window.';
  return alignColumns([[...HISTORY_COLUMNS], ...historyRows(entries)]);
}

export const METRIC_LABELS = {
  deployments: 'Deployments',
  deploymentsPerDay: 'Deployment frequency',
  leadTimeMedianSeconds: 'Lead time (median)',
  leadTimeP90Seconds: 'Lead time (p90)',
  changeFailureRate: 'Change failure rate',
  timeToRestoreMedianSeconds: 'Time to restore (median)',
} as const;

/** Each metric as people read it; `—` for no data. */
export function metricValues(m: EnvironmentMetrics): Record<keyof typeof METRIC_LABELS, string> {
  return {
    deployments: String(m.deployments),
    deploymentsPerDay: formatPerDay(m.deploymentsPerDay),
    leadTimeMedianSeconds: formatSeconds(m.leadTimeMedianSeconds),
    leadTimeP90Seconds: formatSeconds(m.leadTimeP90Seconds),
    changeFailureRate: formatRate(m.changeFailureRate),
    timeToRestoreMedianSeconds: formatSeconds(m.timeToRestoreMedianSeconds),
  };
}

export function renderMetricsText(metrics: readonly EnvironmentMetrics[], since: Date): string {
  if (metrics.length === 0) return `No deployments since ${since.toISOString()}.`;
  return metrics
    .map((m) => {
      const values = metricValues(m);
      const rows = Object.entries(METRIC_LABELS).map(([key, label]) => [
        label,
        values[key as keyof typeof METRIC_LABELS],
      ]);
      return `${m.environment} (since ${m.since})\n${alignColumns(rows, '  ')}`;
    })
    .join('\n\n');
}

function alignColumns(rows: readonly (readonly string[])[], indent = ''): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((row) => indent + row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] as number))).join('  '))
    .join('\n');
}

/** The one digest, or `service@digest` for each service of a several-service release. */
function digestsOf(entry: HistoryEntry): string {
  if (entry.services.length <= 1) return shortDigest(entry.digest);
  return entry.services.map((s) => `${s.service}@${shortDigest(s.digest)}`).join(', ');
}
