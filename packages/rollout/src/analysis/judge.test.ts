import { describe, expect, it } from '@jest/globals';
import { combineMeasurements } from './combine';
import { judgeAnswer, type MetricRule } from './judge';
import type { Measurement } from './measurement';
import type { QueryAnswer } from './prometheus-client';

const rule: MetricRule = { name: 'error-ratio', query: 'q', max: 0.01 };
const vector = (...values: number[]): QueryAnswer => ({
  kind: 'ok',
  result: { kind: 'vector', samples: values.map((value) => ({ labels: {}, value })) },
});

describe('judgeAnswer', () => {
  it('passes a value at or under the maximum', () => {
    expect(judgeAnswer(rule, vector(0.01), 0, 1)).toMatchObject({ kind: 'success', value: 0.01, threshold: 0.01 });
    expect(judgeAnswer(rule, { kind: 'ok', result: { kind: 'scalar', value: 0 } }, 0, 1).kind).toBe('success');
  });

  it('fails a value above the maximum, saying both', () => {
    const m = judgeAnswer(rule, vector(0.5), 0, 1);
    expect(m).toMatchObject({ kind: 'failure', value: 0.5, reason: '0.5 is above the maximum 0.01' });
  });

  it('fails +Inf (a latency above the last bucket)', () => {
    expect(judgeAnswer(rule, vector(Number.POSITIVE_INFINITY), 0, 1).kind).toBe('failure');
  });

  it.each<[string, QueryAnswer]>([
    ['an empty vector', vector()],
    ['NaN (0/0 with no traffic)', vector(Number.NaN)],
    ['a NaN scalar', { kind: 'ok', result: { kind: 'scalar', value: Number.NaN } }],
    ['an unreachable Prometheus', { kind: 'error', cause: 'unreachable', message: 'ECONNREFUSED', attempts: 3 }],
    ['an answer that is not Prometheus JSON', { kind: 'error', cause: 'unreadable', message: '<html>', attempts: 1 }],
  ])('calls %s inconclusive, never a pass', (_, answer) => {
    expect(judgeAnswer(rule, answer, 0, 1).kind).toBe('inconclusive');
  });

  it('fails a query Prometheus refuses: it can never give data', () => {
    const answer: QueryAnswer = {
      kind: 'error',
      cause: 'refused',
      message: 'Prometheus refused the query: parse error',
      attempts: 1,
    };
    expect(judgeAnswer(rule, answer, 0, 1)).toMatchObject({
      kind: 'failure',
      reason: 'Prometheus refused the query: parse error',
    });
  });

  it('fails a query that gives several series or a matrix, rather than picking one', () => {
    expect(judgeAnswer(rule, vector(0, 0.9), 0, 1)).toMatchObject({
      kind: 'failure',
      reason: expect.stringContaining('2 series'),
    });
    expect(judgeAnswer(rule, { kind: 'ok', result: { kind: 'unsupported', resultType: 'matrix' } }, 0, 1).kind).toBe(
      'failure',
    );
  });
});

const at = { startedAt: 0, finishedAt: 1 };
const ok = (metric: string): Measurement => ({ kind: 'success', metric, value: 0, ...at });
const bad = (metric: string): Measurement => ({ kind: 'failure', metric, value: 1, reason: 'too high', ...at });
const none = (metric: string): Measurement => ({ kind: 'inconclusive', metric, reason: 'no data', ...at });

describe('combineMeasurements', () => {
  const strict = { failureLimit: 0, onInconclusive: 'fail' } as const;

  it('goes on when every measurement passed', () => {
    expect(combineMeasurements([ok('error-ratio'), ok('p95-latency'), ok('health')], strict)).toMatchObject({
      kind: 'success',
      decision: 'continue',
      failures: 0,
    });
  });

  it('aborts on one failure past failure-limit 0, naming the metric', () => {
    const result = combineMeasurements([ok('health'), bad('p95-latency')], strict);
    expect(result).toMatchObject({ kind: 'failure', decision: 'abort', failures: 1 });
    expect(result.kind === 'failure' && result.reason).toContain('p95-latency: too high');
  });

  it('tolerates failures up to failure-limit and aborts on the next one', () => {
    const limit2 = { failureLimit: 2, onInconclusive: 'fail' } as const;
    expect(combineMeasurements([bad('a'), bad('a'), ok('b')], limit2).kind).toBe('success');
    expect(combineMeasurements([bad('a'), bad('a'), bad('a')], limit2).kind).toBe('failure');
  });

  it('counts failures before no data: a breach is not hidden by an inconclusive metric', () => {
    expect(combineMeasurements([none('error-ratio'), bad('p95-latency')], strict).kind).toBe('failure');
  });

  it('reports no data as inconclusive and aborts by default (on-inconclusive: fail)', () => {
    expect(combineMeasurements([ok('health'), none('error-ratio')], strict)).toMatchObject({
      kind: 'inconclusive',
      decision: 'abort',
    });
  });

  it('with on-inconclusive: promote goes on, still reported as inconclusive', () => {
    expect(combineMeasurements([none('error-ratio')], { failureLimit: 0, onInconclusive: 'promote' })).toMatchObject({
      kind: 'inconclusive',
      decision: 'continue',
    });
  });

  it('calls a step with no measurement inconclusive: nothing was checked', () => {
    expect(combineMeasurements([], strict)).toMatchObject({ kind: 'inconclusive', decision: 'abort' });
  });
});
