import type { MetricRule } from '../analysis/judge';
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
  const { batch } = entry;
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
