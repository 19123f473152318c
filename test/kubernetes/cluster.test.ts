import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';
import { readCurrent, rollOut, systemClock, type RolloutRequest, type Runtime } from '@deploy-kit/kubernetes';
import { BROKEN, captureLog, GOOD, manifestsFolder, OTHER } from './helpers';
import { kubectlSession } from './kubectl';
import { startStandIn, type StandIn } from './stand-in/server';

/**
 * The Kubernetes end-to-end test: deploy, a broken release rolled back, blue-green, a canary by
 * traffic weight through a Gateway API HTTPRoute (the CI job installs the Gateway API CRDs), a
 * canary by replica ratio.
 * With DEPLOY_KIT_KUBECONFIG (a kubeconfig file) it runs against that cluster: GitHub CI's
 * `kubernetes` job gives it a kind cluster, the namespace DEPLOY_KIT_NAMESPACE and real images
 * pinned by digest (DEPLOY_KIT_GOOD_IMAGE serves HTTP on port 80, DEPLOY_KIT_BROKEN_IMAGE exits
 * at once). Without it, the stand-in API server plays the cluster, scripted with the same story.
 */
const real = process.env.DEPLOY_KIT_KUBECONFIG;
const namespace = process.env.DEPLOY_KIT_NAMESPACE ?? 'deploy-kit-e2e';
const good = real ? (process.env.DEPLOY_KIT_GOOD_IMAGE ?? '') : GOOD;
const other = real ? (process.env.DEPLOY_KIT_OTHER_IMAGE ?? good) : OTHER;
const broken = real ? (process.env.DEPLOY_KIT_BROKEN_IMAGE ?? '') : BROKEN;
// A real cluster takes its time: pulls, probes, a 30 s progress deadline for the broken release.
const timeoutMs = real ? 240_000 : 60_000;

function manifests(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  progressDeadlineSeconds: 30
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: web
          image: placeholder
          ports: [{containerPort: 80}]
          readinessProbe:
            httpGet: {path: /, port: 80}
            periodSeconds: 2
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 80}]
`;
}

let standIn: StandIn | undefined;
let kubeconfig = '';
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (real) {
    if (!good || !broken)
      throw new Error('DEPLOY_KIT_GOOD_IMAGE and DEPLOY_KIT_BROKEN_IMAGE must name images pinned by digest');
    kubeconfig = await readFile(real, 'utf8');
  } else {
    standIn = await startStandIn({ namespaces: [namespace], behaviours: { [broken]: 'crash-loop' } });
    kubeconfig = standIn.kubeconfig(namespace);
  }
});

afterAll(async () => {
  await standIn?.stop();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function request(
  name: string,
  strategy: RolloutRequest['strategy'],
  files: Record<string, string> = {},
): Promise<RolloutRequest> {
  const folder = await manifestsFolder({ [`${name}.yaml`]: manifests(name), ...files });
  cleanups.push(folder.remove);
  return {
    kubeconfig,
    namespace,
    manifests: folder.dir,
    workloads: `${name}=deployment/${name}:web`,
    release: { version: 'v1.0.0', images: { [name]: good } },
    strategy,
    timeoutMs,
  };
}

function runtime(): Runtime & { log: ReturnType<typeof captureLog> } {
  return {
    log: captureLog(),
    signal: new AbortController().signal,
    clock: systemClock,
    pollMs: real ? 2000 : 50,
    backoffMs: real ? 500 : 20,
  };
}

/** toMatchObject, but a mismatch prints the whole outcome: an api-error's message says why. */
function expectOutcome(outcome: object, expected: Record<string, unknown>): void {
  try {
    expect(outcome).toMatchObject(expected);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${why}\nThe whole outcome: ${JSON.stringify(outcome, null, 2)}`, { cause: error });
  }
}

async function kubectl(...args: string[]): Promise<string> {
  const session = await kubectlSession(kubeconfig);
  try {
    const run = await session.run('--namespace', namespace, ...args);
    if (run.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  } finally {
    await session.close();
  }
}

describe(`Kubernetes end to end (${real ? 'real cluster' : 'stand-in'})`, () => {
  test(
    'deploy, then a broken release fails with the reason and is rolled back to the previous digest',
    async () => {
      const base = await request('shop', { kind: 'rolling' });
      const first = await rollOut(base, runtime());
      expectOutcome(first, { kind: 'deployed' });
      expect(
        await kubectl('get', 'deployment', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
      ).toBe(good);
      expect(await kubectl('rollout', 'status', 'deployment/shop', '--timeout=10s')).toContain(
        'successfully rolled out',
      );

      const previous = await readCurrent(base, runtime());
      expectOutcome(previous, { kind: 'running', services: [{ image: good, version: 'v1.0.0' }] });

      const failed = await rollOut({ ...base, release: { version: 'v1.1.0', images: { shop: broken } } }, runtime());
      expectOutcome(failed, { kind: 'unhealthy', deployment: 'shop' });
      expect(failed.kind === 'unhealthy' && failed.diagnoses.map((d) => d.kind)).toContain('crash-loop');

      const rolledBack = await rollOut({ ...base, release: { version: 'v1.0.0', images: { shop: good } } }, runtime());
      expectOutcome(rolledBack, { kind: 'deployed' });
      expect(
        await kubectl(
          'get',
          'deployment',
          'shop',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deploy-kit\\.dev/version}',
        ),
      ).toBe(`${good} v1.0.0`);
      expect(await kubectl('rollout', 'status', 'deployment/shop', '--timeout=10s')).toContain(
        'successfully rolled out',
      );
    },
    timeoutMs * 4,
  );

  test(
    'blue-green: the Service switches to the new colour once it is ready, and the old colour is kept',
    async () => {
      const base = await request('store', { kind: 'blue-green' });
      expectOutcome(await rollOut(base, runtime()), {
        kind: 'deployed',
        workloads: [{ deployment: 'store-blue' }],
      });
      expect(await kubectl('get', 'service', 'store', '-o', 'jsonpath={.spec.selector.deploy-kit\\.dev/color}')).toBe(
        'blue',
      );

      expectOutcome(await rollOut({ ...base, release: { version: 'v2.0.0', images: { store: other } } }, runtime()), {
        kind: 'deployed',
        workloads: [{ deployment: 'store-green' }],
      });
      expect(await kubectl('get', 'service', 'store', '-o', 'jsonpath={.spec.selector.deploy-kit\\.dev/color}')).toBe(
        'green',
      );
      expect(await kubectl('get', 'deployment', 'store-blue', '-o', 'jsonpath={.status.readyReplicas}')).toBe('2');

      const brokenRelease = await rollOut(
        { ...base, release: { version: 'v3.0.0', images: { store: broken } } },
        runtime(),
      );
      expectOutcome(brokenRelease, { kind: 'unhealthy', deployment: 'store-blue' });
      expect(await kubectl('get', 'service', 'store', '-o', 'jsonpath={.spec.selector.deploy-kit\\.dev/color}')).toBe(
        'green',
      );
    },
    timeoutMs * 4,
  );

  test(
    'canary by traffic weight: the HTTPRoute is split at each step and promoted; a canary failing its analysis is taken out',
    async () => {
      const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: gate
spec:
  parentRefs: [{name: public-gateway}]
  rules:
    - backendRefs:
        - {name: gate, port: 80}
`;
      const base = await request('gate', { kind: 'rolling' }, { 'route.yaml': route });
      expectOutcome(await rollOut(base, runtime()), { kind: 'deployed' });
      const weights = (): Promise<string> =>
        kubectl(
          'get',
          'httproute',
          'gate',
          '-o',
          'jsonpath={range .spec.rules[0].backendRefs[*]}{.name} {.weight},{end}',
        );

      // The analysis' health check: an endpoint of the test that records the route as the
      // cluster holds it when each step is analysed (no gateway runs in kind to send real traffic).
      const seen: string[] = [];
      const fail: { when?: string } = {};
      const server = createServer((_req, res) => {
        void weights().then((now) => {
          seen.push(now);
          res.writeHead(fail.when && now.includes(fail.when) ? 500 : 200).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const health = toHealthCheckOptions(
        [`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`],
        parseHealthCheckInputs({ deadline: '20s', timeout: '15s', 'failure-threshold': '1' }),
      );
      const canary: RolloutRequest['strategy'] = {
        kind: 'canary',
        by: 'traffic',
        route: { kind: 'HTTPRoute', name: 'gate' },
        steps: [50, 100],
        pauseMs: 0,
        analysis: { metrics: [], health },
      };

      const promoted = await rollOut(
        { ...base, strategy: canary, release: { version: 'v2.0.0', images: { gate: other } } },
        runtime(),
      );
      expectOutcome(promoted, { kind: 'deployed', workloads: [{ deployment: 'gate' }] });
      expect(seen).toEqual(['gate 50,gate-canary 50,', 'gate 0,gate-canary 100,']);
      expect(
        await kubectl('get', 'deployment', 'gate', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
      ).toBe(other);
      expect(await kubectl('get', 'deployment', 'gate-canary', '-o', 'jsonpath={.spec.replicas}')).toBe('0');
      expect(await weights()).toBe('gate 1,');

      seen.length = 0;
      fail.when = 'gate-canary 100';
      const aborted = await rollOut(
        { ...base, strategy: canary, release: { version: 'v3.0.0', images: { gate: good } } },
        runtime(),
      );
      expectOutcome(aborted, { kind: 'canary-aborted', canary: { cause: 'analysis-failed', atStep: 2 } });
      expect(
        await kubectl('get', 'deployment', 'gate', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
      ).toBe(other);
      expect(await kubectl('get', 'deployment', 'gate-canary', '-o', 'jsonpath={.spec.replicas}')).toBe('0');
      expect(await weights()).toBe('gate 1,');
      expect(await kubectl('get', 'service', 'gate', '-o', 'jsonpath={.spec.selector}')).toBe('{"app":"gate"}');
    },
    timeoutMs * 4,
  );
  test(
    'canary by replica ratio: the canary Deployment is sized at each step beside the stable one and promoted; a canary failing its analysis is scaled to zero',
    async () => {
      const base = await request('mix', { kind: 'rolling' });
      expectOutcome(await rollOut(base, runtime()), { kind: 'deployed' });
      const image = (deployment: string): Promise<string> =>
        kubectl('get', 'deployment', deployment, '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
      const canaryReplicas = (): Promise<string> =>
        kubectl('get', 'deployment', 'mix-canary', '-o', 'jsonpath={.spec.replicas}');

      // The analysis' health check: an endpoint of the test that records the canary's replicas
      // as the cluster holds them when each step is analysed (the runner cannot reach the pods).
      const seen: string[] = [];
      const fail: { when?: string } = {};
      const server = createServer((_req, res) => {
        void Promise.all([canaryReplicas(), image('mix')]).then(([replicas, stable]) => {
          seen.push(`${replicas} beside ${stable === good ? 'good' : 'other'}`);
          res.writeHead(fail.when === replicas ? 500 : 200).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const health = toHealthCheckOptions(
        [`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`],
        parseHealthCheckInputs({ deadline: '20s', timeout: '15s', 'failure-threshold': '1' }),
      );
      // 2 stable replicas: 50% is 1 canary pod, 100% is 2.
      const canary: RolloutRequest['strategy'] = {
        kind: 'canary',
        by: 'replicas',
        steps: [50, 100],
        pauseMs: 0,
        analysis: { metrics: [], health },
      };

      const promoted = await rollOut(
        { ...base, strategy: canary, release: { version: 'v2.0.0', images: { mix: other } } },
        runtime(),
      );
      expectOutcome(promoted, {
        kind: 'deployed',
        workloads: [{ deployment: 'mix' }],
        canary: { outcome: 'promoted' },
      });
      expect(seen).toEqual(['1 beside good', '2 beside good']);
      expect(await image('mix')).toBe(other);
      expect(await canaryReplicas()).toBe('0');
      expect(await kubectl('rollout', 'status', 'deployment/mix', '--timeout=10s')).toContain(
        'successfully rolled out',
      );

      seen.length = 0;
      fail.when = '2';
      const aborted = await rollOut(
        { ...base, strategy: canary, release: { version: 'v3.0.0', images: { mix: good } } },
        runtime(),
      );
      expectOutcome(aborted, { kind: 'canary-aborted', canary: { cause: 'analysis-failed', atStep: 2 } });
      expect(seen).toEqual(['1 beside other', '2 beside other']);
      expect(await image('mix')).toBe(other);
      expect(await canaryReplicas()).toBe('0');
      expect(await kubectl('get', 'service', 'mix', '-o', 'jsonpath={.spec.selector}')).toBe('{"app":"mix"}');
    },
    timeoutMs * 4,
  );
});
