export { readHistory, type ReadHistoryOptions } from './read-history';
export { computeMetrics, environmentMetrics, isChangeFailure, median, percentile, type MetricsWindow } from './dora';
export { chartData, type ChartData, type ChartBucket } from './chart-data';
export { parseSince, parseTime } from './window';
export {
  renderHistoryText,
  renderMetricsText,
  historyRows,
  metricValues,
  HISTORY_COLUMNS,
  METRIC_LABELS,
} from './render-text';
export { renderMermaidChart } from './render-mermaid';
export { renderHtmlPage, svgChart, type PageInput } from './render-html';
export { formatSeconds, formatRate, formatPerDay } from './format';
export type { LedgerClient } from './github-shapes';
export type { HistoryEntry, EnvironmentMetrics, Outcome, DeploymentKind, VersionRef, RepoRef } from './types';
