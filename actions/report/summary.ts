import type { SummarySection } from '@deploy-kit/action-kit';
import {
  chartData,
  historyRows,
  HISTORY_COLUMNS,
  METRIC_LABELS,
  metricValues,
  renderMermaidChart,
  type EnvironmentMetrics,
  type HistoryEntry,
} from '@deploy-kit/insights';

/** Rows of history in the job summary; the page holds all of them. */
export const SUMMARY_HISTORY_ROWS = 50;

/** Per environment: its metrics and a Mermaid chart (GitHub renders it); then the history. */
export function summarySections(
  entries: readonly HistoryEntry[],
  metrics: readonly EnvironmentMetrics[],
  window: { since: Date; now: Date },
  shortened?: string,
): SummarySection[] {
  const sections: SummarySection[] = [
    ...(shortened ? [{ text: `> [!WARNING]\n> ${shortened}` }] : []),
    {
      text: `From ${window.since.toISOString()} to ${window.now.toISOString()}. Definitions: [docs/metrics.md](https://github.com/deploy-kit/deploy-kit/blob/v1/docs/metrics.md).`,
    },
  ];
  if (metrics.length === 0) sections.push({ text: 'No deployments in this window.' });
  for (const m of metrics) {
    const values = metricValues(m);
    const mine = entries.filter((e) => e.environment === m.environment);
    sections.push({
      heading: m.environment,
      table: {
        header: ['Metric', 'Value'],
        rows: Object.entries(METRIC_LABELS).map(([key, label]) => [label, values[key as keyof typeof values]]),
      },
    });
    sections.push({
      text: `${renderMermaidChart(m.environment, chartData(mine, window.since, window.now))}\n\nBars: successful deployments; line: failed or rolled back.`,
    });
  }
  if (entries.length > 0) {
    const shown = entries.slice(0, SUMMARY_HISTORY_ROWS);
    sections.push({
      heading: 'History',
      table: { header: [...HISTORY_COLUMNS], rows: historyRows(shown) },
      ...(entries.length > shown.length
        ? { text: `The newest ${shown.length} of ${entries.length}; the page lists them all.` }
        : {}),
    });
  }
  return sections;
}
