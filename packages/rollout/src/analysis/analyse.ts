import { checkHealth, type HealthCheckOptions } from '@deploy-kit/health';
import { describeError, type Clock, type RolloutLog } from '../ports';
import { combineMeasurements } from './combine';
import { judgeAnswer, type MetricRule } from './judge';
import type { Measurement, OnInconclusive, StepAnalysis } from './measurement';
import { queryPrometheus, type PrometheusClientOptions } from './prometheus-client';

/** Everything one step's analysis needs, resolved from the config by the caller. */
export interface AnalysisSettings {
  /** Needed when `metrics` is not empty. */
  prometheus?: PrometheusClientOptions;
  metrics: MetricRule[];
  /** A health check against the canary itself (its own URL, not the proxy's). */
  health?: HealthCheckOptions;
  /** Rounds of measurements per step (each metric and the health check once per round). */
  count: number;
  /** Wait between rounds. */
  intervalMs: number;
  failureLimit: number;
  onInconclusive: OnInconclusive;
}

export interface AnalysisContext {
  clock: Clock;
  log: RolloutLog;
  signal?: AbortSignal;
}

/**
 * Takes `count` rounds of measurements and combines them into the step's verdict. Stops
 * early once the failures pass the limit, since the answer cannot change.
 */
export async function analyseStep(settings: AnalysisSettings, context: AnalysisContext): Promise<StepAnalysis> {
  const measurements: Measurement[] = [];
  for (let round = 1; round <= settings.count; round++) {
    if (round > 1) await context.clock.sleep(settings.intervalMs, context.signal);
    measurements.push(...(await measureOnce(settings, context)));
    if (measurements.filter((m) => m.kind === 'failure').length > settings.failureLimit) break;
  }
  return combineMeasurements(measurements, settings);
}

/** One round: every metric and the health check, concurrently. */
export async function measureOnce(settings: AnalysisSettings, context: AnalysisContext): Promise<Measurement[]> {
  const metrics = settings.metrics.map((rule) => measureMetric(rule, settings.prometheus, context));
  const health = settings.health ? [measureHealth(settings.health, context)] : [];
  const measurements = await Promise.all([...metrics, ...health]);
  for (const m of measurements) context.log.info(describeMeasurement(m));
  return measurements;
}

async function measureMetric(
  rule: MetricRule,
  prometheus: PrometheusClientOptions | undefined,
  { clock, log, signal }: AnalysisContext,
): Promise<Measurement> {
  const startedAt = clock.now();
  if (!prometheus) {
    return {
      kind: 'inconclusive',
      metric: rule.name,
      threshold: rule.max,
      reason: 'no Prometheus URL is set',
      startedAt,
      finishedAt: startedAt,
    };
  }
  const answer = await queryPrometheus(prometheus, rule.query, {
    clock,
    signal,
    onRetry: (message, attempt, delayMs) =>
      log.warning(`${rule.name}: ${message}; attempt ${attempt + 1} in ${delayMs}ms`),
  });
  return judgeAnswer(rule, answer, startedAt, clock.now());
}

async function measureHealth(options: HealthCheckOptions, { clock, signal }: AnalysisContext): Promise<Measurement> {
  const startedAt = clock.now();
  try {
    const report = await checkHealth(options, signal ? { signal } : {});
    const finishedAt = clock.now();
    if (report.healthy) return { kind: 'success', metric: 'health', startedAt, finishedAt };
    if (signal?.aborted) throw signal.reason;
    const failing = report.urls.find((url) => !url.healthy);
    return {
      kind: 'failure',
      metric: 'health',
      reason: failing ? `${failing.url}: ${failing.reason}` : 'unhealthy',
      startedAt,
      finishedAt,
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return {
      kind: 'inconclusive',
      metric: 'health',
      reason: `the health check could not run: ${describeError(error)}`,
      startedAt,
      finishedAt: clock.now(),
    };
  }
}

/** One log line per measurement, e.g. `error-ratio: success (0.002 <= 0.01)`. */
export function describeMeasurement(m: Measurement): string {
  switch (m.kind) {
    case 'success':
      return m.value === undefined ? `${m.metric}: success` : `${m.metric}: success (${m.value} <= ${m.threshold})`;
    case 'failure':
      return `${m.metric}: failure (${m.reason})`;
    case 'inconclusive':
      return `${m.metric}: inconclusive (${m.reason})`;
  }
}
