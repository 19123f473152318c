import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { kubectlSession } from '../kubernetes/kubectl';
import { startStandIn, type StandIn } from '../kubernetes/stand-in/server';
import { pushMinimalImage } from '../rollback/push-minimal-image';
import { leakedSecrets, runBundledAction, visibleOutput, type BundledActionRun } from '../support/run-bundled-action';

/**
 * The environment's `strategy: { kind: canary }` on a kubernetes target, end to end through the
 * bundled deploy and rollback actions with a config file, the stand-in API server as the cluster,
 * the fake GitHub API as the ledger and a real HTTP health endpoint; by traffic weight (`route:`)
 * and by replica ratio (no `route:`), each in its own namespace. For the traffic canary the
 * endpoint tells the analysis' checks (they carry `x-deploy-kit-canary: 1`, which the route's own
 * rule sends to `api-canary`) from the final health check and records the route's weights; for
 * the replica canary (no header: its checks reach the Service) it records the canary's replicas at
 * every check. What a user checks: the split at each step, the workload's image and annotations,
 * the step table in the summary, one error line, the ledger's states.
 */
const namespace = 'kube-canary';
const replicaNamespace = 'kube-replicas';
const ROUTES = 'gateway.networking.k8s.io/httproutes';
const runTimeoutMs = 120_000;

let api: FakeGitHub;
let registry: Registry;
let standIn: StandIn;
let health: Server;
let kubeconfig = '';
let work = '';
let healthUrl = '';
const digests: Record<string, string> = {};
/** What the canary's health checks answer; the final health check (no header) always gets 200. */
let canaryStatus = 200;
/** The route's split of its first rule at each canary health check, e.g. `api 90, api-canary 10`. */
const canaryChecks: string[] = [];
/** The replica canary's `api-canary` replicas at each check of `/replicas/healthz` ('none' before it exists). */
const replicaChecks: string[] = [];
/** What `/replicas/healthz` answers, given the canary's replicas then. */
let replicaStatus: (replicas: string) => number = () => 200;

const app = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 4
  progressDeadlineSeconds: 30
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: server
          image: placeholder
          ports: [{containerPort: 80}]
          readinessProbe:
            httpGet: {path: /, port: 80}
            periodSeconds: 2
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 80}]
`;

const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs: [{name: public-gateway}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs:
        - {name: api, port: 80}
    - matches: [{headers: [{name: x-deploy-kit-canary, value: '1'}]}]
      backendRefs:
        - {name: api-canary, port: 80}
`;
const manifests = `${app}---\n${route}`;

function weights(): string {
  const route = standIn.store.get(ROUTES, namespace, 'shop') as
    { spec?: { rules?: { backendRefs?: { name: string; weight?: number }[] }[] } } | undefined;
  return (route?.spec?.rules?.[0]?.backendRefs ?? []).map((r) => `${r.name} ${r.weight ?? 1}`).join(', ');
}

beforeAll(async () => {
  api = await startFakeGitHub();
  work = mkdtempSync(join(tmpdir(), 'deploy-kit-kubernetes-canary-'));
  registry = await startRegistry();
  for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0'])
    digests[version] = await pushMinimalImage(registry.host, 'acme/shop/api', version, `api ${version}`);
  standIn = await startStandIn({ namespaces: [namespace, replicaNamespace] });
  kubeconfig = standIn.kubeconfig(namespace);
  health = createServer((req, res) => {
    if (req.url === '/replicas/healthz') {
      const live = standIn.store.get('apps/deployments', replicaNamespace, 'api-canary') as
        { spec?: { replicas?: number } } | undefined;
      const replicas = live ? String(live.spec?.replicas ?? 1) : 'none';
      replicaChecks.push(replicas);
      res.writeHead(replicaStatus(replicas), { 'content-type': 'text/plain' }).end('mix');
      return;
    }
    const canary = req.headers['x-deploy-kit-canary'] === '1';
    if (canary) canaryChecks.push(weights());
    res.writeHead(canary ? canaryStatus : 200, { 'content-type': 'text/plain' }).end(canary ? 'canary' : 'ok');
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/healthz`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (health ? health.close(() => resolve()) : resolve()));
  await Promise.all([api?.stop(), registry?.stop(), standIn?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

async function kubectlIn(where: string, ...args: string[]): Promise<string> {
  const session = await kubectlSession(kubeconfig);
  try {
    const run = await session.run('--namespace', where, ...args);
    if (run.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  } finally {
    await session.close();
  }
}

const jsonpathIn = (where: string, deployment: string, path: string) =>
  kubectlIn(where, 'get', 'deployment', deployment, '-o', `jsonpath={${path}}`);
const jsonpath = (deployment: string, path: string) => jsonpathIn(namespace, deployment, path);
const annotation = (key: string) => jsonpath('api', `.metadata.annotations.deploy-kit\\.dev/${key}`);

/**
 * A manifests folder and a config file for `environment`: the api service, the environment's
 * health URL, a kubernetes target in `where`, and `strategy` (YAML lines under `strategy:`).
 */
function writeConfig(environment: string, where: string, files: string, strategy: string, health = healthUrl): string {
  const folder = join(work, environment);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'shop.yaml'), files);
  const config = join(work, `${environment}.yml`);
  writeFileSync(
    config,
    `services:
  api:
    image: ${registry.host}/acme/shop/api
    health: { max-attempts: 1, failure-threshold: 1, deadline: 20s, timeout: 5s }
environments:
  ${environment}:
    require-environment: false
    health:
      api: ${health}
    target:
      kind: kubernetes
      namespace: ${where}
      manifests: ${folder}
      workloads:
        api: deployment/api:server
      deploy-timeout: 60s
    strategy:
${strategy.replace(/^/gm, '      ')}
`,
  );
  return config;
}

const ref = (version: string) => `${registry.host}/acme/shop/api@${digests[version]}`;

function run(action: 'deploy' | 'rollback', inputs: Record<string, string>): Promise<BundledActionRun> {
  return runBundledAction(action, {
    inputs: { 'github-token': 'ghs_kubernetesCanaryToken0123', kubeconfig, ...inputs },
    env: { GITHUB_API_URL: api.url },
    timeoutMs: runTimeoutMs,
  });
}

function errorLines(result: BundledActionRun): string[] {
  return result.log.split('\n').filter((line) => line.startsWith('::error::'));
}

function records(environment: string) {
  return api.state.deployments.filter((d) => d.environment === environment).sort((a, b) => a.id - b.id);
}

describe('strategy canary on a kubernetes target, through the deploy and rollback actions (stand-in)', () => {
  it(
    'promotes v1.1.0 through [10, 50, 100], aborts v1.2.0 on a failing canary health check with v1.1.0 still serving, and rolls back in one step',
    async () => {
      const environment = 'kube-canary';
      const config = writeConfig(
        environment,
        namespace,
        manifests,
        'kind: canary\nroute: shop\nsteps: [10, 50, 100]\npause: 0s\nanalysis: { health: true }',
      );
      const inputs = { config, environment };

      // The first release goes out whole: there is no stable release to compare a canary with.
      const first = await run('deploy', { ...inputs, version: 'v1.0.0' });
      expect(first.exitCode).toBe(0);
      expect(canaryChecks).toEqual([]);
      const [v1] = records(environment);
      expect(api.latestState(v1!.id)).toBe('success');
      expect(await annotation('github-deployment-id')).toBe(String(v1!.id));

      const promoted = await run('deploy', { ...inputs, version: 'v1.1.0' });
      expect(promoted.exitCode).toBe(0);
      // Each step's analysis checked the canary while the route sent it that step's share.
      expect(canaryChecks).toEqual(['api 90, api-canary 10', 'api 50, api-canary 50', 'api 0, api-canary 100']);
      expect(await jsonpath('api', '.spec.template.spec.containers[0].image')).toBe(ref('v1.1.0'));
      expect(await jsonpath('api-canary', '.spec.replicas')).toBe('0');
      expect(weights()).toBe('api 1');
      const v11 = records(environment)[1]!;
      expect(api.latestState(v11.id)).toBe('success');
      // Each step, once analysed, is in the log and goes to the deployment as an in_progress
      // status while the canary runs: in order (steps that end faster than GitHub takes writes
      // are coalesced to the newest), and the success is the last status.
      const steps = [10, 50, 100].map(
        (weight, i) => `canary namespace ${namespace}: ${weight}% (step ${i + 1} of 3), analysis passed`,
      );
      for (const line of steps) expect(promoted.log).toContain(line);
      const v11Statuses = api.state.statuses.filter((s) => s.deploymentId === v11.id);
      expect(v11Statuses.map((s) => s.state)).toEqual([
        ...v11Statuses.slice(0, -1).map(() => 'in_progress'),
        'success',
      ]);
      const reported = v11Statuses.slice(1, -1).map((s) => steps.findIndex((step) => s.description.endsWith(step)));
      expect(reported.every((i) => i >= 0)).toBe(true);
      expect(reported).toEqual([...reported].sort((x, y) => x - y));
      expect(await annotation('version')).toBe('v1.1.0');
      expect(await annotation('github-deployment-id')).toBe(String(v11.id));
      expect(promoted.summary).toContain('**canary** on namespace kube-canary through HTTPRoute shop: promoted');
      expect(promoted.summary).toMatch(/\| 1 +\| 10% +\|/);
      expect(promoted.summary).toMatch(/\| 3 +\| 100% +\|/);

      canaryChecks.length = 0;
      canaryStatus = 500;
      const aborted = await run('deploy', { ...inputs, version: 'v1.2.0' });
      expect(aborted.exitCode).not.toBe(0);
      const [error, ...more] = errorLines(aborted);
      expect(more).toEqual([]);
      // `%` is escaped as %25 in a workflow command; the runner shows it as 10%.
      expect(error).toContain('::error::The canary of v1.2.0 was aborted at step 1 (10%25)');
      expect(error).toContain(`health: ${healthUrl}: unhealthy`);
      expect(error).toContain('status 500');
      expect(canaryChecks).toEqual(['api 90, api-canary 10']);
      // The old release keeps serving: the stable Deployment untouched, the canary gone, the route as written.
      expect(await jsonpath('api', '.spec.template.spec.containers[0].image')).toBe(ref('v1.1.0'));
      expect(await annotation('version')).toBe('v1.1.0');
      expect(await jsonpath('api-canary', '.spec.replicas')).toBe('0');
      expect(weights()).toBe('api 1');
      const v12 = records(environment)[2]!;
      expect(v12.payload).toMatchObject({ version: 'v1.2.0' });
      expect(api.latestState(v12.id)).toBe('failure');
      expect(aborted.log).toContain(`canary namespace ${namespace}: 10% (step 1 of 3), analysis failed`);
      expect(aborted.summary).toContain('**canary** on namespace kube-canary through HTTPRoute shop: aborted');
      expect(aborted.summary).toMatch(/\| 1 +\| 10% +\|/);

      // A rollback is never a canary: with the canary's checks still failing, it goes out in one step.
      canaryChecks.length = 0;
      const rollback = await run('rollback', { ...inputs, to: 'v1.0.0', reason: 'back to v1.0.0' });
      expect(rollback.exitCode).toBe(0);
      expect(rollback.outputs).toMatchObject({ version: 'v1.0.0' });
      expect(canaryChecks).toEqual([]);
      expect(await jsonpath('api', '.spec.template.spec.containers[0].image')).toBe(ref('v1.0.0'));
      const back = records(environment).find((d) => d.task === 'rollback')!;
      expect(api.latestState(back.id)).toBe('success');
      expect(await annotation('github-deployment-id')).toBe(String(back.id));

      for (const result of [first, promoted, aborted, rollback])
        expect(leakedSecrets(visibleOutput(result), [kubeconfig])).toEqual([]);
      expect(api.validationErrors).toEqual([]);
    },
    runTimeoutMs * 4 + 30_000,
  );

  it(
    'by replica ratio (no route): promotes v1.1.0 with the canary at 1, 2 and 4 pods beside the stable ones, and aborts v1.2.0 at step 2 on a failing health check with v1.1.0 still serving',
    async () => {
      const environment = 'kube-replicas';
      // No HTTPRoute: the Service's pods are the split. analysis.health checks the environment's URL as it is.
      const config = writeConfig(
        environment,
        replicaNamespace,
        app,
        'kind: canary\nsteps: [25, 50, 100]\npause: 0s\nanalysis: { health: true }',
        `${healthUrl.replace(/\/healthz$/, '')}/replicas/healthz`,
      );
      const inputs = { config, environment };
      const image = () => jsonpathIn(replicaNamespace, 'api', '.spec.template.spec.containers[0].image');
      const canaryReplicas = () => jsonpathIn(replicaNamespace, 'api-canary', '.spec.replicas');

      // The first release goes out whole (nothing to compare with); its one check is the final health check.
      const first = await run('deploy', { ...inputs, version: 'v1.0.0' });
      expect(first.exitCode).toBe(0);
      expect(replicaChecks).toEqual(['none']);

      replicaChecks.length = 0;
      const promoted = await run('deploy', { ...inputs, version: 'v1.1.0' });
      expect(promoted.exitCode).toBe(0);
      // Each step's analysis checked the environment's URL with the canary at its share of the 4
      // stable replicas; the last check is the final health check, after the canary went to 0.
      expect(replicaChecks).toEqual(['1', '2', '4', '0']);
      expect(await image()).toBe(ref('v1.1.0'));
      expect(await canaryReplicas()).toBe('0');
      const v11 = records(environment)[1]!;
      expect(api.latestState(v11.id)).toBe('success');
      expect(await jsonpathIn(replicaNamespace, 'api', '.metadata.annotations.deploy-kit\\.dev/version')).toBe(
        'v1.1.0',
      );
      expect(promoted.summary).toContain('**canary** on namespace kube-replicas by replica ratio: promoted');
      expect(promoted.summary).toMatch(/\| 1 +\| 25% +\|/);
      expect(promoted.summary).toMatch(/\| 3 +\| 100% +\|/);

      replicaChecks.length = 0;
      replicaStatus = (replicas) => (replicas === '2' ? 500 : 200);
      const aborted = await run('deploy', { ...inputs, version: 'v1.2.0' });
      expect(aborted.exitCode).not.toBe(0);
      const [error, ...more] = errorLines(aborted);
      expect(more).toEqual([]);
      expect(error).toContain('::error::The canary of v1.2.0 was aborted at step 2 (50%25)');
      expect(error).toContain('status 500');
      expect(error).toContain('the canary is scaled to zero, so the stable release serves all traffic again');
      expect(replicaChecks).toEqual(['1', '2']);
      expect(await image()).toBe(ref('v1.1.0'));
      expect(await canaryReplicas()).toBe('0');
      const v12 = records(environment)[2]!;
      expect(v12.payload).toMatchObject({ version: 'v1.2.0' });
      expect(api.latestState(v12.id)).toBe('failure');
      expect(aborted.summary).toContain('**canary** on namespace kube-replicas by replica ratio: aborted');
      expect(aborted.summary).toMatch(/\| 2 +\| 50% +\|/);

      for (const result of [first, promoted, aborted])
        expect(leakedSecrets(visibleOutput(result), [kubeconfig])).toEqual([]);
      expect(api.validationErrors).toEqual([]);
    },
    runTimeoutMs * 3 + 30_000,
  );

  it('refuses canary steps that do not end at 100, naming the file, line and setting, before anything is recorded', async () => {
    const config = writeConfig('kube-bad-steps', replicaNamespace, app, 'kind: canary\nsteps: [10, 50]');
    const result = await run('deploy', { config, environment: 'kube-bad-steps', version: 'v1.0.0' });
    expect(result.exitCode).not.toBe(0);
    expect(errorLines(result)).toEqual([
      expect.stringMatching(/kube-bad-steps\.yml:\d+:\d+: environments\.kube-bad-steps\.strategy\.steps.*100/),
    ]);
    expect(records('kube-bad-steps')).toEqual([]);
  });
});
