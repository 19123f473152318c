import type { QueryAnswer } from './prometheus-client';
import type { Measurement } from './measurement';

/** A metric with an upper bound (both built-in metrics are "lower is better"). */
export interface MetricRule {
  /** `error-ratio`, `p95-latency`, or a user's name. */
  name: string;
  query: string;
  /** The largest acceptable value, in the query's unit (a ratio 0..1, seconds). */
  max: number;
}

/**
 * Judges one query answer against its rule. The query must give one number: a scalar or a
 * vector of exactly one sample (aggregate with sum()/max() to get one). No number at all (an
 * empty vector, NaN, Prometheus unreachable) is inconclusive, following Argo Rollouts where a
 * NaN from Prometheus is Inconclusive. A query Prometheus refuses (a typo in the PromQL) is a
 * failure: it will never give data, and promoting on it would check nothing. Several samples
 * are a failure too, since which one counts is not knowable and a silent pick could hide a
 * breach.
 */
export function judgeAnswer(rule: MetricRule, answer: QueryAnswer, startedAt: number, finishedAt: number): Measurement {
  const base = { metric: rule.name, threshold: rule.max, startedAt, finishedAt };
  if (answer.kind === 'error') {
    return answer.cause === 'refused'
      ? { kind: 'failure', ...base, reason: answer.message }
      : { kind: 'inconclusive', ...base, reason: answer.message };
  }
  const { result } = answer;
  let value: number;
  if (result.kind === 'unsupported') {
    return {
      kind: 'failure',
      ...base,
      reason: `the query gives a ${result.resultType}, expected one number (an instant vector or scalar)`,
    };
  } else if (result.kind === 'scalar') {
    value = result.value;
  } else if (result.samples.length === 0) {
    return { kind: 'inconclusive', ...base, reason: 'no data: the query matched no series' };
  } else if (result.samples.length > 1) {
    return {
      kind: 'failure',
      ...base,
      reason: `the query gives ${result.samples.length} series, expected one (aggregate it, e.g. with sum())`,
    };
  } else {
    value = result.samples[0]!.value;
  }
  if (Number.isNaN(value))
    return { kind: 'inconclusive', ...base, reason: 'no data: the query gives NaN (no traffic in the window?)' };
  if (value > rule.max) return { kind: 'failure', ...base, value, reason: `${value} is above the maximum ${rule.max}` };
  return { kind: 'success', ...base, value };
}
