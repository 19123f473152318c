import type { HealthCheckOptions } from '@deploy-kit/health';
import type { AnalysisSettings } from '../analysis/analyse';
import type { MetricRule } from '../analysis/judge';
import { DEFAULT_PROMETHEUS_RETRY } from '../analysis/prometheus-client';
import { defaultErrorRatioQuery, defaultP95LatencyQuery } from '../analysis/default-queries';
import type { CanaryPlan } from '../canary/types';
import type { BatchSize } from '../rolling/plan-batches';
import { durationMs } from './durations';
import type { AnalysisEntry, CanaryEntry, RollingEntry } from './schema';

/** The step machine's plan from a validated `strategy: { kind: canary }`. */
export function canaryPlanFrom(entry: CanaryEntry): CanaryPlan {
  return { steps: [...entry.steps], pauseMs: durationMs(entry.pause) };
}

/** `batch: 1` or `batch: 34%` as the planner takes it. */
export function batchSizeFrom(entry: RollingEntry): BatchSize {
  const { batch = 1 } = entry;
  return typeof batch === 'number'
    ? { kind: 'count', hosts: batch }
    : { kind: 'percent', percent: Number(batch.slice(0, -1)) };
}

/**
 * The metric rules, in the queries' own units: a ratio 0..1 (`1%` is 0.01) and seconds
 * (`500ms` is 0.5). Without `query`, the documented defaults over `selector` and `window`.
 */
export function metricRulesFrom(analysis: AnalysisEntry): MetricRule[] {
  const rules: MetricRule[] = [];
  const errorRatio = analysis.metrics['error-ratio'];
  if (errorRatio) {
    const max = typeof errorRatio.max === 'number' ? errorRatio.max : Number(errorRatio.max.slice(0, -1)) / 100;
    rules.push({
      name: 'error-ratio',
      query: errorRatio.query ?? defaultErrorRatioQuery(analysis.selector, analysis.window),
      max,
    });
  }
  const latency = analysis.metrics['p95-latency'];
  if (latency) {
    rules.push({
      name: 'p95-latency',
      query: latency.query ?? defaultP95LatencyQuery(analysis.selector, analysis.window),
      max: durationMs(latency.max) / 1000,
    });
  }
  return rules;
}

/**
 * Everything analyseStep needs for one canary. `health` is the service's health check aimed at
 * the canary's own URL (the caller builds it with @deploy-kit/health's toHealthCheckOptions);
 * it is used when `analysis.health` is true.
 */
export function analysisSettingsFrom(entry: CanaryEntry, health?: HealthCheckOptions): AnalysisSettings {
  const { analysis } = entry;
  return {
    prometheus: analysis.prometheus
      ? { url: analysis.prometheus, timeoutMs: durationMs(analysis.timeout), retry: DEFAULT_PROMETHEUS_RETRY }
      : undefined,
    metrics: metricRulesFrom(analysis),
    health: analysis.health ? health : undefined,
    count: analysis.count,
    intervalMs: durationMs(analysis.interval),
    failureLimit: entry['failure-limit'],
    onInconclusive: entry['on-inconclusive'],
  };
}
