import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
 * The one-step action (the root action.yml, bundled as dist/pipeline) with the default
 * `rollback-on: unhealthy`: a Kubernetes release whose rollout status fails (here a crash loop
 * on the stand-in API server) is an unhealthy release, so it is rolled back on its own.
 */
const namespace = 'kube-one-step-unhealthy';
const runTimeoutMs = 120_000;

let api: FakeGitHub;
let registry: Registry;
let standIn: StandIn;
let kubeconfig = '';
let work = '';
const images = { good: '', broken: '' };

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 2
  progressDeadlineSeconds: 30
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
        - name: web
          image: placeholder
          ports: [{containerPort: 80}]
          readinessProbe:
            httpGet: {path: /, port: 80}
            periodSeconds: 2
`;

beforeAll(async () => {
  api = await startFakeGitHub();
  work = mkdtempSync(join(tmpdir(), 'deploy-kit-kubernetes-one-step-'));
  registry = await startRegistry();
  const repository = `${registry.host}/acme/one-step`;
  images.good = `${repository}@${await pushMinimalImage(registry.host, 'acme/one-step', 'v1.0.0', 'good')}`;
  images.broken = `${repository}@${await pushMinimalImage(registry.host, 'acme/one-step', 'v1.1.0', 'broken')}`;
  standIn = await startStandIn({ namespaces: [namespace], behaviours: { [images.broken]: 'crash-loop' } });
  kubeconfig = standIn.kubeconfig(namespace);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), registry?.stop(), standIn?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

async function containerImage(): Promise<string> {
  const session = await kubectlSession(kubeconfig);
  try {
    const run = await session.run(
      '--namespace',
      namespace,
      'get',
      'deployment',
      'shop',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    );
    if (run.code !== 0) throw new Error(run.stderr);
    return run.stdout;
  } finally {
    await session.close();
  }
}

function runOneStep(inputs: Record<string, string>): Promise<BundledActionRun> {
  return runBundledAction('pipeline', {
    inputs: { 'github-token': 'ghs_kubernetesOneStepToken0123', kubeconfig, 'deploy-timeout': '60s', ...inputs },
    env: { GITHUB_API_URL: api.url },
    timeoutMs: runTimeoutMs * 2,
  });
}

describe('the one-step action on Kubernetes with rollback-on: unhealthy (the default)', () => {
  it(
    'rolls back a release whose rollout status fails (crash loop) on its own, and the run is red',
    async () => {
      const environment = 'kube-one-step-unhealthy';
      api.seed.environment(environment);
      const folder = join(work, 'manifests');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'shop.yaml'), manifests);
      // No rollback-on input: the default, unhealthy.
      const inputs = {
        environment,
        target: 'kubernetes',
        namespace,
        manifests: folder,
        workloads: 'shop=deployment/shop:web',
      };
      const first = await runOneStep({ ...inputs, image: images.good, version: 'v1.0.0' });
      expect(first.exitCode).toBe(0);
      expect(first.outputs).toMatchObject({ result: 'deployed', version: 'v1.0.0' });
      const goodRef = first.outputs['image-ref']!;

      const broken = await runOneStep({ ...inputs, image: images.broken, version: 'v1.1.0' });
      expect(broken.exitCode).not.toBe(0);
      expect(broken.outputs).toMatchObject({
        result: 'rolled-back',
        'failed-stage': 'deploy',
        'rolled-back-to': 'v1.0.0',
      });
      expect(broken.summary).toMatch(/CrashLoopBackOff|crash loop/);
      expect(await containerImage()).toBe(goodRef);
      const records = api.state.deployments.filter((d) => d.environment === environment);
      const failed = records.find(
        (d) => d.task !== 'rollback' && (d.payload as { version?: string }).version === 'v1.1.0',
      );
      expect(api.latestState(failed!.id)).toBe('failure');
      const rollback = records.find((d) => d.task === 'rollback')!;
      expect(api.latestState(rollback.id)).toBe('success');
      expect(leakedSecrets(visibleOutput(broken), [kubeconfig])).toEqual([]);
      expect(api.validationErrors).toEqual([]);
    },
    runTimeoutMs * 4 + 30_000,
  );
});
