import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from '@jest/globals';
import { parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';
import { rollOut, type RolloutRequest, type CanaryAnalysis } from '@deploy-kit/kubernetes';
import { defaultErrorRatioQuery, DEFAULT_PROMETHEUS_RETRY } from '@deploy-kit/rollout';
import { startMetricsApp } from '../rollout/metrics-app';
import { startPrometheus, type Prometheus } from '../rollout/prometheus';
import { liveDeployment, podNames as podNamesOf, untilPrometheus } from './canary-helpers';
import { BROKEN, captureLog, deploymentYaml, GOOD, manifestsFolder, OTHER, runtime, serviceYaml } from './helpers';
import type { Obj } from './stand-in/json';
import type { Scenario } from './stand-in/scenario';
import { startStandIn, type StandIn } from './stand-in/server';
import type { WatchEvent } from './stand-in/store';

/**
 * Canary by traffic weight through a Gateway API HTTPRoute, against the stand-in API server, with
 * the analysis of packages/rollout over real endpoints: a real HTTP health endpoint for the canary
 * and Debian's real Prometheus. What a user checks: the route's weights at each step, the stable
 * Deployment untouched until promotion, and the outcome naming why a canary was aborted.
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

const ROUTES = 'gateway.networking.k8s.io/httproutes';

function routeYaml(extraRef = ''): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs: [{name: public-gateway}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs:
        - {name: api, port: 80${extraRef}}
    # How a health check reaches the canary itself (docs/kubernetes.md): deploy-kit leaves this rule alone.
    - matches: [{headers: [{name: x-deploy-kit-canary, value: '1'}]}]
      backendRefs:
        - {name: api-canary, port: 80}
`;
}

/** Stand-in, manifests (4 replicas: 10% is 1 pod, 50% is 2, 100% is 4), and a stable release of GOOD. */
async function setUp(
  scenario: Partial<Scenario> = {},
  files: Record<string, string> = {},
): Promise<Omit<RolloutRequest, 'strategy'>> {
  standIn = await startStandIn(scenario);
  const made = await manifestsFolder({
    'app.yaml': `${deploymentYaml('api', 4)}---\n${serviceYaml()}`,
    'route.yaml': routeYaml(),
    ...files,
  });
  cleanups.push(made.remove);
  return {
    kubeconfig: standIn.kubeconfig(),
    namespace: 'shop',
    manifests: made.dir,
    workloads: 'api=deployment/api:api',
    release: { version: 'v1', images: { api: GOOD }, githubDeploymentId: 1 },
    timeoutMs: 60_000,
  };
}

async function stableRelease(base: Omit<RolloutRequest, 'strategy'>): Promise<void> {
  expect((await rollOut({ ...base, strategy: { kind: 'rolling' } }, runtime(captureLog()))).kind).toBe('deployed');
}

/** `api 90, api-canary 10` for each backendRef of the route's first rule. */
function weights(route: Obj | undefined): string {
  const rules = (route?.spec as { rules?: { backendRefs?: { name: string; weight?: number }[] }[] } | undefined)?.rules;
  return (rules?.[0]?.backendRefs ?? []).map((r) => `${r.name} ${r.weight ?? 1}`).join(', ');
}

/** Every version of the route the API server stored, as weights. */
function routeHistory(): string[] {
  const seen: string[] = [];
  standIn?.store.watch(ROUTES, standIn.store.currentRevision(), (event: WatchEvent) => {
    seen.push(weights(event.object));
  });
  return seen;
}

const deployment = (name: string) => liveDeployment(standIn, name);
const podNames = (track: 'canary' | 'stable') => podNamesOf(standIn, track);

function selector(service: string): Record<string, string> | undefined {
  return (standIn?.store.get('core/services', 'shop', service) as { spec?: { selector?: Record<string, string> } })
    ?.spec?.selector;
}

interface Seen {
  route: string;
  canaryReplicas?: number;
  stableImage?: string;
  /** The stable Service selects only the stable ReplicaSet's pods (pod-template-hash), never the canary's. */
  stablePinned: boolean;
}

/**
 * The canary's health endpoint: a real HTTP server. Each check records what the cluster looks like
 * at that moment (the analysis runs after the step's weight is set), and answers with `status`.
 */
async function canaryHealth(status: (seen: Seen) => number): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const now: Seen = {
      route: weights(standIn?.store.get(ROUTES, 'shop', 'shop')),
      canaryReplicas: deployment('api-canary').replicas,
      stableImage: deployment('api').image,
      stablePinned: selector('api')?.['pod-template-hash'] !== undefined,
    };
    seen.push(now);
    res.writeHead(status(now), { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, seen };
}

function healthAnalysis(url: string): CanaryAnalysis {
  return {
    metrics: [],
    health: toHealthCheckOptions([url], parseHealthCheckInputs({ deadline: '10s', 'failure-threshold': '1' })),
  };
}

function trafficCanary(analysis: CanaryAnalysis, steps = [10, 50, 100]): RolloutRequest['strategy'] {
  return { kind: 'canary', by: 'traffic', route: { kind: 'HTTPRoute', name: 'shop' }, steps, pauseMs: 0, analysis };
}

describe('canary by traffic weight (Gateway API HTTPRoute)', () => {
  test('promoted through [10, 50, 100]: the weights at each step, then the stable Deployment on the new digests and the canary gone', async () => {
    const base = await setUp();
    await stableRelease(base);
    const stablePods = podNames('stable');
    const requestsBefore = standIn?.requests.length ?? 0;
    const health = await canaryHealth(() => 200);
    const history = routeHistory();
    const log = captureLog();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER }, githubDeploymentId: 2 },
        strategy: trafficCanary(healthAnalysis(health.url)),
      },
      runtime(log),
    );

    expect(outcome).toMatchObject({
      kind: 'deployed',
      workloads: [{ service: 'api', deployment: 'api', imageRef: OTHER }],
    });
    // At each step's analysis: the route's split, the canary's share of the replicas, the stable untouched.
    expect(health.seen).toEqual([
      { route: 'api 90, api-canary 10', canaryReplicas: 1, stableImage: GOOD, stablePinned: true },
      { route: 'api 50, api-canary 50', canaryReplicas: 2, stableImage: GOOD, stablePinned: true },
      { route: 'api 0, api-canary 100', canaryReplicas: 4, stableImage: GOOD, stablePinned: true },
    ]);
    expect(outcome.kind === 'deployed' && outcome.canary?.outcome).toBe('promoted');
    expect(
      outcome.kind === 'deployed' &&
        outcome.canary?.steps.map((s) => [s.weight, s.kind === 'analysed' && s.analysis.kind]),
    ).toEqual([
      [10, 'success'],
      [50, 'success'],
      [100, 'success'],
    ]);
    // Promotion: the weight back to the stable side, then the route as in the manifests.
    expect(history).toEqual([
      'api 90, api-canary 10',
      'api 50, api-canary 50',
      'api 0, api-canary 100',
      'api 100, api-canary 0',
      'api 1',
    ]);
    expect(deployment('api')).toMatchObject({ image: OTHER, replicas: 4 });
    expect(deployment('api-canary').replicas).toBe(0);
    expect(podNames('canary')).toEqual([]);
    expect(podNames('stable')).not.toEqual(stablePods); // the stable pods were replaced by the new release's
    expect(selector('api')).toEqual({ app: 'api' }); // unpinned again
    const rules = (standIn?.store.get(ROUTES, 'shop', 'shop')?.spec as { rules: { backendRefs: unknown[] }[] }).rules;
    expect(rules[1]?.backendRefs).toEqual([{ group: '', kind: 'Service', name: 'api-canary', port: 80, weight: 1 }]);
    expect(selector('api-canary')).toEqual({ app: 'api', 'deploy-kit.dev/track': 'canary' });
    const annotations = (
      standIn?.store.get('apps/deployments', 'shop', 'api')?.metadata as { annotations: Record<string, string> }
    ).annotations;
    expect(annotations['deploy-kit.dev/version']).toBe('v2');
    // Every route change was a server-side apply as deploy-kit, validated and accepted by the stand-in.
    const routeApplies =
      standIn?.requests.slice(requestsBefore).filter((r) => r.path.endsWith('/httproutes/shop')) ?? [];
    expect(routeApplies).toHaveLength(5);
    expect(new Set(routeApplies.map((r) => `${r.method} ${r.query.fieldManager} ${r.status}`))).toEqual(
      new Set(['PATCH deploy-kit 200']),
    );
  });

  test('aborted by analysis: the health check fails at 50%, the weight goes back to 0, the stable release is untouched', async () => {
    const base = await setUp();
    await stableRelease(base);
    const stableBefore = deployment('api');
    const stablePods = podNames('stable');
    const health = await canaryHealth((seen) => (seen.route.includes('api-canary 50') ? 500 : 200));
    const history = routeHistory();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER } },
        strategy: trafficCanary(healthAnalysis(health.url)),
      },
      runtime(captureLog()),
    );

    expect(outcome.kind).toBe('canary-aborted');
    if (outcome.kind !== 'canary-aborted') return;
    expect(outcome.canary).toMatchObject({
      outcome: 'aborted',
      cause: 'analysis-failed',
      atStep: 2,
      restore: { kind: 'restored' },
    });
    expect(outcome.message).toContain('aborted at step 2 (50%)');
    expect(outcome.message).toMatch(/health: .*\/health.*500/);
    expect(history).toEqual(['api 90, api-canary 10', 'api 50, api-canary 50', 'api 100, api-canary 0', 'api 1']);
    expect(deployment('api')).toEqual(stableBefore);
    expect(podNames('stable')).toEqual(stablePods);
    expect(deployment('api-canary').replicas).toBe(0);
    expect(podNames('canary')).toEqual([]);
    expect(selector('api')).toEqual({ app: 'api' });
  });

  test('aborted by a metric: Prometheus measures the canary failing half its requests at 10%; the weight goes back to 0', async () => {
    const base = await setUp();
    await stableRelease(base);
    const stableBefore = deployment('api');
    const app = await startMetricsApp({ canary: { requests: 100, errors: 50, latencySeconds: 0.02 } });
    cleanups.push(app.stop);
    prometheus = await startPrometheus([{ job: 'api-canary', target: app.target, metricsPath: '/metrics/canary' }]);
    const client = { url: prometheus.url, timeoutMs: 10_000, retry: DEFAULT_PROMETHEUS_RETRY };
    const query = defaultErrorRatioQuery('job="api-canary"', '1m');
    // The canary's series exist before the rollout (a rate needs two scrapes): the step's pause plays this part in real use.
    await untilPrometheus(prometheus, client, query, 'two scrapes of the canary');
    const history = routeHistory();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER } },
        strategy: trafficCanary({ prometheus: client, metrics: [{ name: 'error-ratio', query, max: 0.01 }] }),
      },
      runtime(captureLog()),
    );

    expect(outcome.kind).toBe('canary-aborted');
    if (outcome.kind !== 'canary-aborted') return;
    expect(outcome.canary).toMatchObject({ cause: 'analysis-failed', atStep: 1, restore: { kind: 'restored' } });
    const step = outcome.canary.steps[0];
    expect(step?.kind === 'analysed' && step.analysis.measurements).toEqual([
      expect.objectContaining({ kind: 'failure', metric: 'error-ratio', value: 0.5, threshold: 0.01 }),
    ]);
    expect(outcome.message).toContain('aborted at step 1 (10%): 1 failed measurement (failure-limit 0): error-ratio:');
    expect(history).toEqual(['api 90, api-canary 10', 'api 100, api-canary 0', 'api 1']);
    expect(deployment('api')).toEqual(stableBefore);
    expect(deployment('api-canary').replicas).toBe(0);
  }, 120_000);

  test('inconclusive fails by default: Prometheus has no data for the canary, so step 1 aborts', async () => {
    const base = await setUp();
    await stableRelease(base);
    const stableBefore = deployment('api');
    prometheus = await startPrometheus([]);
    const history = routeHistory();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER } },
        strategy: trafficCanary({
          prometheus: { url: prometheus.url, timeoutMs: 10_000, retry: DEFAULT_PROMETHEUS_RETRY },
          metrics: [{ name: 'error-ratio', query: 'sum(rate(http_requests_total{job="api-canary"}[1m]))', max: 0.01 }],
          // on-inconclusive left out: the default is fail
        }),
      },
      runtime(captureLog()),
    );

    expect(outcome.kind).toBe('canary-aborted');
    if (outcome.kind !== 'canary-aborted') return;
    expect(outcome.canary).toMatchObject({ cause: 'inconclusive', atStep: 1 });
    expect(outcome.message).toContain('error-ratio');
    expect(outcome.message).toContain('on-inconclusive: fail');
    expect(history).toEqual(['api 90, api-canary 10', 'api 100, api-canary 0', 'api 1']);
    expect(deployment('api')).toEqual(stableBefore);
  }, 120_000);

  test('a canary that never becomes ready never gets traffic: the step fails, the weight stays 0, the canary is scaled to zero', async () => {
    const base = await setUp({ behaviours: { [BROKEN]: 'crash-loop' } });
    await stableRelease(base);
    const stableBefore = deployment('api');
    const health = await canaryHealth(() => 200);
    const history = routeHistory();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v3', images: { api: BROKEN } },
        strategy: trafficCanary(healthAnalysis(health.url)),
      },
      runtime(captureLog()),
    );
    expect(outcome.kind).toBe('canary-aborted');
    if (outcome.kind !== 'canary-aborted') return;
    expect(outcome.canary).toMatchObject({ cause: 'error', atStep: 1, restore: { kind: 'restored' } });
    expect(outcome.message).toContain('the canary did not become ready for 10%');
    expect(outcome.message).toContain('CrashLoopBackOff');
    expect(health.seen).toEqual([]); // never analysed: it never took traffic
    expect(history).toEqual(['api 100, api-canary 0', 'api 1']);
    expect(deployment('api')).toEqual(stableBefore);
    expect(deployment('api-canary').replicas).toBe(0);
  });

  test('an API error at a step (409 on the canary Deployment) aborts with the reason and still restores the route', async () => {
    const base = await setUp({
      faults: [{ method: 'PATCH', path: /\/deployments\/api-canary$/, status: 409, times: 1 }],
    });
    await stableRelease(base);
    const stableBefore = deployment('api');
    const health = await canaryHealth(() => 200);
    const history = routeHistory();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER } },
        strategy: trafficCanary(healthAnalysis(health.url)),
      },
      runtime(captureLog()),
    );
    expect(outcome.kind === 'canary-aborted' && outcome.canary).toMatchObject({
      cause: 'error',
      atStep: 1,
      restore: { kind: 'restored' },
    });
    expect(outcome.kind === 'canary-aborted' && outcome.message).toMatch(
      /aborted at step 1 \(10%\): apply Deployment "api-canary" \(.*app\.yaml\): another field manager owns fields deploy-kit sets .* take them over; the route sends all traffic to the stable release again/,
    );
    expect(history).toEqual(['api 100, api-canary 0', 'api 1']);
    expect(deployment('api')).toEqual(stableBefore);
  });

  test('a job cancelled mid-canary still takes the canary out: the weight back to 0, the canary scaled to zero', async () => {
    const base = await setUp();
    await stableRelease(base);
    const stableBefore = deployment('api');
    const cancel = new AbortController();
    const health = await canaryHealth((seen) => {
      if (seen.route.includes('api-canary 50')) cancel.abort(new Error('the job was cancelled'));
      return 200;
    });
    const history = routeHistory();
    const outcome = await rollOut(
      {
        ...base,
        release: { version: 'v2', images: { api: OTHER } },
        strategy: trafficCanary(healthAnalysis(health.url)),
      },
      runtime(captureLog(), cancel.signal),
    );
    expect(outcome.kind === 'canary-aborted' && outcome.canary).toMatchObject({
      cause: 'cancelled',
      restore: { kind: 'restored' },
    });
    expect(history).toEqual(['api 90, api-canary 10', 'api 50, api-canary 50', 'api 100, api-canary 0', 'api 1']);
    expect(deployment('api')).toEqual(stableBefore);
    expect(deployment('api-canary').replicas).toBe(0);
    expect(podNames('canary')).toEqual([]);
  });

  test('a release the stable side already runs (a rollback after an abort) is applied as it is, with no canary', async () => {
    const base = await setUp();
    await stableRelease(base);
    const health = await canaryHealth(() => 200);
    const log = captureLog();
    const outcome = await rollOut({ ...base, strategy: trafficCanary(healthAnalysis(health.url)) }, runtime(log));
    expect(outcome).toMatchObject({ kind: 'deployed', workloads: [{ deployment: 'api', imageRef: GOOD }] });
    expect(outcome.kind === 'deployed' && outcome.canary).toBe(undefined);
    expect(health.seen).toEqual([]);
    expect(standIn?.store.get('apps/deployments', 'shop', 'api-canary')).toBeUndefined();
    expect(log.lines).toContain(
      'canary: the stable release already runs these images; it is applied as it is, with no canary',
    );
  });

  test('the first release (no stable Deployment yet) goes out whole: nothing to compare a canary with', async () => {
    const base = await setUp();
    const health = await canaryHealth(() => 200);
    const log = captureLog();
    const outcome = await rollOut({ ...base, strategy: trafficCanary(healthAnalysis(health.url)) }, runtime(log));
    expect(outcome).toMatchObject({ kind: 'deployed', workloads: [{ deployment: 'api', imageRef: GOOD }] });
    expect(health.seen).toEqual([]);
    expect(weights(standIn?.store.get(ROUTES, 'shop', 'shop'))).toBe('api 1');
    expect(log.lines.some((l) => l.includes('this first release goes out whole'))).toBe(true);
  });

  test('a missing route permission is refused up front, naming it; nothing is applied', async () => {
    const base = await setUp({
      denied: [{ verb: 'patch', group: 'gateway.networking.k8s.io', resource: 'httproutes' }],
    });
    const outcome = await rollOut(
      { ...base, strategy: trafficCanary(healthAnalysis('http://127.0.0.1:8099/health')) },
      runtime(captureLog()),
    );
    expect(outcome.kind === 'forbidden' && outcome.message).toContain(
      'may not patch httproutes.gateway.networking.k8s.io in namespace "shop"',
    );
    expect(standIn?.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });
});

describe('canary by traffic weight: checked before any API call', () => {
  test.each([
    [
      'a route the manifests do not hold',
      {},
      { route: { kind: 'HTTPRoute', name: 'web' } },
      'canary route: HTTPRoute "web" is not in the manifests (they hold "shop")',
    ],
    [
      "a route that does not send to the workload's Service",
      { 'route.yaml': routeYaml().replace('name: api, port: 80', 'name: other, port: 80') },
      {},
      'has no backendRef to Service "api"',
    ],
    [
      'an HTTPRoute that breaks the Gateway API schema',
      { 'route.yaml': routeYaml(', weight: -1, wieght: 3') },
      {},
      'route.yaml: document 1: spec.rules[0].backendRefs[0].weight: must be between 0 and 1000000',
    ],
    ['steps that do not end at 100', {}, { steps: [10, 50] }, 'canary steps [10, 50]: expected whole percentages'],
    [
      'metrics without Prometheus',
      {},
      { analysis: { metrics: [{ name: 'error-ratio', query: 'x', max: 0.01 }] } },
      'metrics need a Prometheus URL',
    ],
  ])('%s', async (_what, files, override, words) => {
    const base = await setUp({}, files);
    const strategy = {
      ...trafficCanary(healthAnalysis('http://127.0.0.1:8099/health')),
      ...override,
    } as RolloutRequest['strategy'];
    const outcome = await rollOut({ ...base, strategy }, runtime(captureLog()));
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.problems.join('\n')).toContain(words);
    expect(standIn?.requests).toEqual([]);
  });
});
