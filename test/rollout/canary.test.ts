// The canary step machine driven by real analysis: Debian's Prometheus scraping a real /metrics
// endpoint. The canary is healthy at step 1 and starts failing half its requests at step 2,
// so the rollout must abort there, send the weight back to 0 and stop the canary.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  analyseStep,
  defaultErrorRatioQuery,
  queryPrometheus,
  renderStepTable,
  runCanary,
  systemClock,
  DEFAULT_PROMETHEUS_RETRY,
  type AnalysisSettings,
  type CanaryPorts,
  type PrometheusClientOptions,
} from '@deploy-kit/rollout';
import { waitUntil } from '../infra/processes';
import { startMetricsApp, type MetricsApp } from './metrics-app';
import { startPrometheus, type Prometheus } from './prometheus';

let app: MetricsApp;
let prometheus: Prometheus;
let client: PrometheusClientOptions;
const log = { info: () => undefined, warning: () => undefined };

beforeAll(async () => {
  app = await startMetricsApp({ canary: { requests: 100, errors: 0, latencySeconds: 0.02 } });
  prometheus = await startPrometheus([{ job: 'canary', target: app.target, metricsPath: '/metrics/canary' }]);
  client = { url: prometheus.url, timeoutMs: 5000, retry: DEFAULT_PROMETHEUS_RETRY };
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await app?.stop();
});

/** The latest scrape of the canary's /metrics, in ms since the epoch (0 before the first). */
async function lastScrapeMs(): Promise<number> {
  const answer = await queryPrometheus(client, 'max(timestamp(up{job="canary"}))', { clock: systemClock });
  if (answer.kind !== 'ok' || answer.result.kind !== 'vector') return 0;
  return (answer.result.samples[0]?.value ?? 0) * 1000;
}

/**
 * Waits until Prometheus holds two scrapes taken after `since` (a rate needs two), polling and
 * bounded, instead of assuming a pause is long enough: the engine's pause plays this part.
 */
async function waitForScrapesAfter(since: number): Promise<void> {
  let first = 0;
  await waitUntil(
    async () => {
      const last = await lastScrapeMs();
      if (last > since && first === 0) first = last;
      return first !== 0 && last > first;
    },
    {
      what: 'two scrapes of the canary after the weight changed',
      timeoutMs: 60_000,
      process: prometheus.process,
      intervalMs: 200,
    },
  );
}

describe('a canary whose error ratio breaches at step 2', () => {
  it('aborts at step 2: weight back to 0, canary stopped, the breach in the step table', async () => {
    const selector = 'job="canary"';
    // A 15s window: long enough for two 1s scrapes, short enough that step 2 sees the errors.
    const settings: AnalysisSettings = {
      prometheus: client,
      metrics: [{ name: 'error-ratio', query: defaultErrorRatioQuery(selector, '15s'), max: 0.01 }],
      count: 1,
      intervalMs: 0,
      failureLimit: 0,
      onInconclusive: 'fail',
    };
    const weights: number[] = [];
    let stopped = false;
    const ports: CanaryPorts = {
      setWeight: async (weight) => {
        weights.push(weight);
        // The new release fails half its requests once it takes a real share of the traffic.
        if (weight === 50) app.setTraffic('canary', { requests: 100, errors: 50, latencySeconds: 0.02 });
      },
      analyse: async (_step, signal) => {
        await waitForScrapesAfter(Date.now());
        return analyseStep(settings, { clock: systemClock, log, signal });
      },
      stopCanary: async () => {
        stopped = true;
      },
    };

    const result = await runCanary({ steps: [10, 50, 100], pauseMs: 0 }, ports, { clock: systemClock, log });

    expect(result).toMatchObject({
      outcome: 'aborted',
      cause: 'analysis-failed',
      atStep: 2,
      restore: { kind: 'restored' },
    });
    expect(weights).toEqual([10, 50, 0]);
    expect(stopped).toBe(true);
    expect(result.steps.map((s) => (s.kind === 'analysed' ? s.analysis.kind : s.kind))).toEqual(['success', 'failure']);
    const table = renderStepTable(result.steps);
    expect(table).toMatch(/\| 1 \| 10% \| ✅ passed \| error-ratio 0 ≤ 0\.01 ✅ \|/);
    expect(table).toMatch(/\| 2 \| 50% \| ❌ failed \| error-ratio 0\.\d+ > 0\.01 ❌ \|/);
  });
});
