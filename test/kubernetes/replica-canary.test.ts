import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';
import { rollOut, type CanaryAnalysis, type RolloutRequest } from '@deploy-kit/kubernetes';
import { defaultErrorRatioQuery, DEFAULT_PROMETHEUS_RETRY, type PrometheusClientOptions } from '@deploy-kit/rollout';
import { startMetricsApp, type MetricsApp } from '../rollout/metrics-app';
import { startPrometheus, type Prometheus } from '../rollout/prometheus';
import { liveDeployment, podNames, replicaHistory, untilPrometheus } from './canary-helpers';
import { BROKEN, captureLog, deploymentYaml, GOOD, manifestsFolder, OTHER, runtime, serviceYaml } from './helpers';
import type { Scenario } from './stand-in/scenario';
import { startStandIn, type StandIn } from './stand-in/server';

/**
 * Canary by replica ratio, against the stand-in API server, with the analysis of packages/rollout
 * over real endpoints: Debian's real Prometheus scraping a metrics endpoint of the test, and a real
 * HTTP health endpoint. What a user checks: the canary Deployment's replicas at each step beside
 * the untouched stable Deployment, the stable Deployment on the new digests after promotion, the
 * canary at zero either way, and the outcome naming the step and the cause of an abort.
 */
let standIn: StandIn | undefined;
let prometheus: Prometheus | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
  await prometheus?.stop();
  prometheus = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const deployment = (name: string) => liveDeployment(standIn, name);
const pods = (track: 'canary' | 'stable') => podNames(standIn, track);

/** Stand-in, manifests (4 replicas: 25% is 1 canary pod, 50% is 2, 100% is 4), and a stable release of GOOD. */
async function stableRelease(scenario: Partial<Scenario> = {}): Promise<Omit<RolloutRequest, 'strategy'>> {
  standIn = await startStandIn(scenario);
  const made = await manifestsFolder({ 'app.yaml': `${deploymentYaml('api', 4)}---\n${serviceYaml()}` });
  cleanups.push(made.remove);
  const base = {
    kubeconfig: standIn.kubeconfig(),
    namespace: 'shop',
    manifests: made.dir,
    workloads: 'api=deployment/api:api',
    release: { version: 'v1', images: { api: GOOD }, githubDeploymentId: 1 },
    // Generous: a step may wait for Prometheus' scrapes on a loaded machine.
    timeoutMs: 120_000,
  };
  expect((await rollOut({ ...base, strategy: { kind: 'rolling' } }, runtime(captureLog()))).kind).toBe('deployed');
  return base;
}

function replicaCanary(analysis: CanaryAnalysis, steps = [25, 50, 100]): RolloutRequest['strategy'] {
  return { kind: 'canary', by: 'replicas', steps, pauseMs: 0, analysis };
}

const ERROR_RATIO = defaultErrorRatioQuery('job="api-canary"', '1m');

/** The canary's metrics (no errors until a test says otherwise), scraped by a real Prometheus, its series present. */
async function canaryMetrics(): Promise<{ app: MetricsApp; client: PrometheusClientOptions }> {
  const app = await startMetricsApp({ canary: { requests: 100, errors: 0, latencySeconds: 0.02 } });
  cleanups.push(app.stop);
  prometheus = await startPrometheus([{ job: 'api-canary', target: app.target, metricsPath: '/metrics/canary' }]);
  const client = { url: prometheus.url, timeoutMs: 10_000, retry: DEFAULT_PROMETHEUS_RETRY };
  // A rate needs two scrapes: the step's pause plays this part in real use.
  await untilPrometheus(prometheus, client, ERROR_RATIO, 'two scrapes of the canary');
  return { app, client };
}

function errorRatio(client: PrometheusClientOptions): CanaryAnalysis {
  return { prometheus: client, metrics: [{ name: 'error-ratio', query: ERROR_RATIO, max: 0.01 }] };
}

/** A real health endpoint recording, at each check, the canary's replicas and the stable image. */
async function healthEndpoint(
  onCheck: () => void = () => undefined,
): Promise<{ url: string; seen: { canary?: number; stable?: string }[] }> {
  const seen: { canary?: number; stable?: string }[] = [];
  const server: Server = createServer((_req, res) => {
    onCheck();
    seen.push({ canary: deployment('api-canary').replicas, stable: deployment('api').image });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  return { url, seen };
}

describe('canary by replica ratio', () => {
  test('promoted through [25, 50, 100]: the canary at 1, 2 and 4 pods beside the untouched stable, then the stable Deployment on the new digest and the canary at 0', async () => {
    const base = await stableRelease();
    const stablePods = pods('stable');
    const { client } = await canaryMetrics();
    const health = await healthEndpoint();
    const history = replicaHistory(standIn, 'api-canary');
    const log = captureLog();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER }, githubDeploymentId: 2 },
        strategy: replicaCanary({
          ...errorRatio(client),
          health: toHealthCheckOptions([health.url], parseHealthCheckInputs({ 'failure-threshold': '1' })),
        }),
      },
      runtime(log),
    );

    expect(outcome).toMatchObject({
      kind: 'deployed',
      workloads: [{ service: 'api', deployment: 'api', imageRef: OTHER }],
    });
    if (outcome.kind !== 'deployed') return;
    expect(outcome.canary?.outcome).toBe('promoted');
    expect(
      outcome.canary?.steps.map((s) => [s.weight, s.kind === 'analysed' && s.analysis.measurements.map((m) => m.kind)]),
    ).toEqual([
      [25, ['success', 'success']],
      [50, ['success', 'success']],
      [100, ['success', 'success']],
    ]);
    // Each step's analysis saw the canary at its share beside the stable release, untouched until promotion.
    expect(health.seen).toEqual([
      { canary: 1, stable: GOOD },
      { canary: 2, stable: GOOD },
      { canary: 4, stable: GOOD },
    ]);
    expect(history).toEqual([1, 2, 4, 0]);
    expect(deployment('api')).toMatchObject({ image: OTHER, replicas: 4 });
    expect(deployment('api-canary')).toMatchObject({ image: OTHER, replicas: 0 });
    expect(pods('canary')).toEqual([]);
    expect(pods('stable')).not.toEqual(stablePods); // replaced by the new release's pods
    // The Service is the manifests', which picks the canary's pods too; no Service of its own.
    const selector = (standIn?.store.get('core/services', 'shop', 'api') as { spec: { selector: unknown } }).spec
      .selector;
    expect(selector).toEqual({ app: 'api' });
    expect(standIn?.store.get('core/services', 'shop', 'api-canary')).toBeUndefined();
    expect(log.lines).toContain(
      'canary: deployment api-canary runs 1 pod beside the 4 of deployment api: about 20% of the requests to their Service',
    );
    const annotations = (
      standIn?.store.get('apps/deployments', 'shop', 'api')?.metadata as { annotations: Record<string, string> }
    ).annotations;
    expect(annotations['deploy-kit.dev/version']).toBe('v2');
  }, 180_000);

  test('aborted by a metric breach at step 2: Prometheus measures the canary failing half its requests at 50%; the canary goes to 0, the stable untouched', async () => {
    const base = await stableRelease();
    const stableBefore = deployment('api');
    const stablePods = pods('stable');
    const { app, client } = await canaryMetrics();
    // When step 2 sizes the canary, it starts failing; its pods become ready only once Prometheus
    // has measured that, so the step's analysis sees the breach whatever the machine's speed.
    const breached: Promise<void>[] = [];
    const history = replicaHistory(standIn, 'api-canary', (replicas) => {
      if (replicas !== 2 || !standIn || !prometheus) return;
      const held = standIn;
      held.hold();
      app.setTraffic('canary', { requests: 100, errors: 50, latencySeconds: 0.02 });
      breached.push(
        untilPrometheus(prometheus, client, ERROR_RATIO, 'the breach measured', (ratio) => ratio > 0.01).finally(() =>
          held.release(),
        ),
      );
    });
    const outcome = await rollOut(
      { ...base, release: { version: 'v2', images: { api: OTHER } }, strategy: replicaCanary(errorRatio(client)) },
      runtime(captureLog()),
    );
    await Promise.all(breached);

    expect(outcome.kind).toBe('canary-aborted');
    if (outcome.kind !== 'canary-aborted') return;
    expect(outcome.canary).toMatchObject({ cause: 'analysis-failed', atStep: 2, restore: { kind: 'restored' } });
    expect(outcome.canary.steps.map((s) => [s.weight, s.kind === 'analysed' && s.analysis.kind])).toEqual([
      [25, 'success'],
      [50, 'failure'],
    ]);
    expect(outcome.message).toContain('the canary of v2 was aborted at step 2 (50%): 1 failed measurement');
    expect(outcome.message).toContain('error-ratio');
    expect(outcome.message).toContain('the canary is scaled to zero, so the stable release serves all traffic again');
    expect(history).toEqual([1, 2, 0]);
    expect(deployment('api')).toEqual(stableBefore);
    expect(pods('stable')).toEqual(stablePods);
    expect(deployment('api-canary').replicas).toBe(0);
    expect(pods('canary')).toEqual([]);
  }, 180_000);

  test('inconclusive fails by default: Prometheus has no data for the canary, so step 1 aborts and the canary goes to 0', async () => {
    const base = await stableRelease();
    const stableBefore = deployment('api');
    prometheus = await startPrometheus([]);
    const history = replicaHistory(standIn, 'api-canary');
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER } },
        // on-inconclusive left out: the default is fail
        strategy: replicaCanary(
          errorRatio({ url: prometheus.url, timeoutMs: 10_000, retry: DEFAULT_PROMETHEUS_RETRY }),
        ),
      },
      runtime(captureLog()),
    );

    expect(outcome.kind).toBe('canary-aborted');
    if (outcome.kind !== 'canary-aborted') return;
    expect(outcome.canary).toMatchObject({ cause: 'inconclusive', atStep: 1, restore: { kind: 'restored' } });
    expect(outcome.message).toContain('aborted at step 1 (25%)');
    expect(outcome.message).toContain('on-inconclusive: fail');
    expect(history).toEqual([1, 0]);
    expect(deployment('api')).toEqual(stableBefore);
  }, 180_000);

  test('a canary that never becomes ready is aborted at its step with the reason; the canary goes to 0, the stable untouched', async () => {
    const base = await stableRelease({ behaviours: { [BROKEN]: 'crash-loop' } });
    const stableBefore = deployment('api');
    const health = await healthEndpoint();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v3', images: { api: BROKEN } },
        strategy: replicaCanary({
          metrics: [],
          health: toHealthCheckOptions([health.url], parseHealthCheckInputs({})),
        }),
      },
      runtime(captureLog()),
    );
    expect(outcome.kind).toBe('canary-aborted');
    if (outcome.kind !== 'canary-aborted') return;
    expect(outcome.canary).toMatchObject({ cause: 'error', atStep: 1, restore: { kind: 'restored' } });
    expect(outcome.message).toContain('the canary did not become ready for 25%');
    expect(outcome.message).toContain('CrashLoopBackOff');
    expect(health.seen).toEqual([]); // never analysed
    expect(deployment('api')).toEqual(stableBefore);
    expect(deployment('api-canary').replicas).toBe(0);
    expect(pods('canary')).toEqual([]);
  });

  test('a job cancelled mid-canary still scales the canary to zero; the stable untouched', async () => {
    const base = await stableRelease();
    const stableBefore = deployment('api');
    const cancel = new AbortController();
    const health = await healthEndpoint(() => {
      if (deployment('api-canary').replicas === 2) cancel.abort(new Error('the job was cancelled'));
    });
    const history = replicaHistory(standIn, 'api-canary');
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER } },
        strategy: replicaCanary({
          metrics: [],
          health: toHealthCheckOptions([health.url], parseHealthCheckInputs({})),
        }),
      },
      runtime(captureLog(), cancel.signal),
    );
    expect(outcome.kind === 'canary-aborted' && outcome.canary).toMatchObject({
      cause: 'cancelled',
      atStep: 2,
      restore: { kind: 'restored' },
    });
    expect(history).toEqual([1, 2, 0]);
    expect(deployment('api')).toEqual(stableBefore);
    expect(pods('canary')).toEqual([]);
  });

  test('the first release (no stable Deployment yet) goes out whole, with no canary', async () => {
    standIn = await startStandIn();
    const made = await manifestsFolder({ 'app.yaml': `${deploymentYaml('api', 4)}---\n${serviceYaml()}` });
    cleanups.push(made.remove);
    const health = await healthEndpoint();
    const outcome = await rollOut(
      {
        kubeconfig: standIn.kubeconfig(),
        namespace: 'shop',
        manifests: made.dir,
        workloads: 'api=deployment/api:api',
        release: { version: 'v1', images: { api: GOOD } },
        timeoutMs: 60_000,
        strategy: replicaCanary({
          metrics: [],
          health: toHealthCheckOptions([health.url], parseHealthCheckInputs({})),
        }),
      },
      runtime(captureLog()),
    );
    expect(outcome).toMatchObject({ kind: 'deployed', workloads: [{ deployment: 'api', imageRef: GOOD }] });
    expect(outcome.kind === 'deployed' && outcome.canary).toBe(undefined);
    expect(health.seen).toEqual([]);
    expect(standIn.store.get('apps/deployments', 'shop', 'api-canary')).toBeUndefined();
  });
});

describe('canary by replica ratio: checked before any API call', () => {
  test.each([
    ['steps that do not end at 100', { steps: [10, 50] }, 'canary steps [10, 50]: expected whole percentages'],
    ['steps that do not grow', { steps: [50, 10, 100] }, 'canary steps [50, 10, 100]: expected whole percentages'],
    [
      'metrics without Prometheus',
      { analysis: { metrics: [{ name: 'error-ratio', query: 'x', max: 0.01 }] } },
      'metrics need a Prometheus URL',
    ],
    ['nothing to measure', { analysis: { metrics: [] } }, 'canary analysis: nothing to measure'],
  ])('%s', async (_what, override, words) => {
    standIn = await startStandIn();
    const made = await manifestsFolder({ 'app.yaml': `${deploymentYaml('api', 4)}---\n${serviceYaml()}` });
    cleanups.push(made.remove);
    const strategy = { ...replicaCanary({ metrics: [] }), ...override } as RolloutRequest['strategy'];
    const outcome = await rollOut(
      {
        kubeconfig: standIn.kubeconfig(),
        namespace: 'shop',
        manifests: made.dir,
        workloads: 'api=deployment/api:api',
        release: { version: 'v2', images: { api: OTHER } },
        timeoutMs: 60_000,
        strategy,
      },
      runtime(captureLog()),
    );
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.problems.join('\n')).toContain(words);
    expect(standIn.requests).toEqual([]);
  });
});
