// Canary analysis against Debian's real Prometheus (test/rollout/setup-prometheus.sh), scraping
// a real HTTP /metrics endpoint every second: success, a breach, and no data.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';
import {
  analyseStep,
  defaultErrorRatioQuery,
  defaultP95LatencyQuery,
  queryPrometheus,
  systemClock,
  DEFAULT_PROMETHEUS_RETRY,
  type AnalysisSettings,
  type PrometheusClientOptions,
} from '@deploy-kit/rollout';
import { waitUntil } from '../infra/processes';
import { startMetricsApp, type MetricsApp } from './metrics-app';
import { startPrometheus, type Prometheus } from './prometheus';

let app: MetricsApp;
let prometheus: Prometheus;
let client: PrometheusClientOptions;
const lines: string[] = [];
const log = { info: (line: string) => lines.push(line), warning: (line: string) => lines.push(line) };

beforeAll(async () => {
  app = await startMetricsApp({
    good: { requests: 100, errors: 0, latencySeconds: 0.02 },
    bad: { requests: 100, errors: 50, latencySeconds: 2 },
    idle: { requests: 0, errors: 0, latencySeconds: 0 },
  });
  prometheus = await startPrometheus(
    ['good', 'bad', 'idle'].map((job) => ({ job, target: app.target, metricsPath: `/metrics/${job}` })),
  );
  client = { url: prometheus.url, timeoutMs: 5000, retry: DEFAULT_PROMETHEUS_RETRY };
  // A rate needs two scrapes of every job; poll for them rather than guess a sleep.
  await waitUntil(
    async () => {
      const answer = await queryPrometheus(client, 'min(count_over_time(up[1m]))', { clock: systemClock });
      return answer.kind === 'ok' && answer.result.kind === 'vector' && (answer.result.samples[0]?.value ?? 0) >= 3;
    },
    { what: 'three scrapes of every job', timeoutMs: 60_000, process: prometheus.process, intervalMs: 250 },
  );
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await app?.stop();
});

function settings(job: string, overrides: Partial<AnalysisSettings> = {}): AnalysisSettings {
  const selector = `job="${job}"`;
  return {
    prometheus: client,
    metrics: [
      { name: 'error-ratio', query: defaultErrorRatioQuery(selector), max: 0.01 },
      { name: 'p95-latency', query: defaultP95LatencyQuery(selector), max: 0.5 },
    ],
    count: 1,
    intervalMs: 0,
    failureLimit: 0,
    onInconclusive: 'fail',
    ...overrides,
  };
}

const context = () => ({ clock: systemClock, log });

describe('canary analysis against a real Prometheus', () => {
  it('passes a canary within both thresholds, with the values read', async () => {
    const health = toHealthCheckOptions([`${app.url}/health`], parseHealthCheckInputs({ deadline: '10s' }));
    const result = await analyseStep(settings('good', { health }), context());
    expect(result.kind).toBe('success');
    expect(result.decision).toBe('continue');
    const values = Object.fromEntries(
      result.measurements.map((m) => [m.metric, m.kind === 'success' ? m.value : m.kind]),
    );
    expect(values['error-ratio']).toBe(0);
    // All requests took 20ms: the p95 lies in the first bucket (0-50ms).
    expect(values['p95-latency']).toBeGreaterThan(0);
    expect(values['p95-latency']).toBeLessThanOrEqual(0.05);
    expect(result.measurements.map((m) => [m.metric, m.kind])).toContainEqual(['health', 'success']);
  });

  it('fails a canary that breaches: half its requests fail and they are slow', async () => {
    const result = await analyseStep(settings('bad'), context());
    expect(result.kind).toBe('failure');
    expect(result.decision).toBe('abort');
    const errorRatio = result.measurements.find((m) => m.metric === 'error-ratio');
    expect(errorRatio).toMatchObject({ kind: 'failure', value: 0.5 });
    expect(result.measurements.find((m) => m.metric === 'p95-latency')).toMatchObject({ kind: 'failure' });
  });

  it('calls a canary with no traffic inconclusive (0/0 is NaN), and aborts by default', async () => {
    const result = await analyseStep(settings('idle'), context());
    expect(result).toMatchObject({ kind: 'inconclusive', decision: 'abort' });
    expect(result.measurements.map((m) => m.kind)).toEqual(['inconclusive', 'inconclusive']);
    expect(result.measurements[0]).toMatchObject({ reason: expect.stringContaining('NaN') });
  });

  it('calls a selector that matches nothing inconclusive, and on-inconclusive: promote goes on', async () => {
    const result = await analyseStep(settings('no-such-job', { onInconclusive: 'promote' }), context());
    expect(result).toMatchObject({ kind: 'inconclusive', decision: 'continue' });
    expect(result.measurements[0]).toMatchObject({ kind: 'inconclusive', reason: expect.stringContaining('no data') });
  });

  it('fails a query Prometheus refuses, with its reason: a typo never promotes', async () => {
    const result = await analyseStep(
      { ...settings('good'), metrics: [{ name: 'error-ratio', query: 'sum(rate(', max: 0.01 }] },
      context(),
    );
    expect(result).toMatchObject({ kind: 'failure', decision: 'abort' });
    expect(result.measurements[0]).toMatchObject({ reason: expect.stringContaining('Prometheus refused the query') });
  });
});
