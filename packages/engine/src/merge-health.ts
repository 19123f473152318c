import type { HealthReport } from '@deploy-kit/health';

/**
 * The health reports of a release's services as one: healthy only when every
 * one is, attempts added up, the slowest latency, the first failing URL.
 * One report is returned as it is.
 */
export function mergeHealthReports(reports: readonly HealthReport[]): HealthReport {
  const [first, ...rest] = reports;
  if (!first) throw new Error('mergeHealthReports needs at least one report');
  if (rest.length === 0) return first;
  const latencies = reports.flatMap((r) => (r.latencyMs === undefined ? [] : [r.latencyMs]));
  const failingUrl = reports.find((r) => r.failingUrl)?.failingUrl;
  return {
    healthy: reports.every((r) => r.healthy),
    attempts: reports.reduce((sum, r) => sum + r.attempts, 0),
    durationMs: reports.reduce((sum, r) => sum + r.durationMs, 0),
    ...(latencies.length ? { latencyMs: Math.max(...latencies) } : {}),
    ...(failingUrl ? { failingUrl } : {}),
    checks: [...new Set(reports.flatMap((r) => r.checks))],
    urls: reports.flatMap((r) => r.urls),
  };
}
