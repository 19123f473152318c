import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
 * The Kubernetes target end to end through the bundled deploy and rollback actions, with the
 * fake GitHub API as the ledger: deploy v1.0.0, a broken v1.1.0 that fails red with the
 * diagnosis, and a rollback that applies v1.0.0's digests again.
 *
 * With DEPLOY_KIT_KUBECONFIG (a kubeconfig file) it runs against that cluster: GitHub CI's
 * `kubernetes` job gives it a kind cluster, the namespace DEPLOY_KIT_NAMESPACE and real images
 * pinned by digest from Docker Hub (DEPLOY_KIT_GOOD_IMAGE serves HTTP on port 80,
 * DEPLOY_KIT_BROKEN_IMAGE exits at once). Without it, the stand-in API server plays the cluster
 * and a local registry holds the images, scripted with the same story.
 */
const real = process.env.DEPLOY_KIT_KUBECONFIG;
const namespace = process.env.DEPLOY_KIT_NAMESPACE ?? 'deploy-kit-e2e';
// A real cluster takes its time: pulls, probes, a 30 s progress deadline for the broken release.
const deployTimeout = real ? '4m' : '60s';
const runTimeoutMs = real ? 360_000 : 120_000;

let api: FakeGitHub;
let registry: Registry | undefined;
let standIn: StandIn | undefined;
let kubeconfig = '';
let work = '';
/** The images of the single-image story: v1.0.0 healthy, v1.1.0 broken (crash loop). */
const images = { good: '', broken: '' };
/** The two-service story (stand-in only): both services at v1.0.0 and v1.1.0, frontend v1.1.0 cannot be pulled. */
const digests: Record<string, string> = {};

function deploymentYaml(name: string, container: string): string {
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
        - name: ${container}
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

function folder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

beforeAll(async () => {
  api = await startFakeGitHub();
  work = mkdtempSync(join(tmpdir(), 'deploy-kit-kubernetes-actions-'));
  if (real) {
    images.good = process.env.DEPLOY_KIT_GOOD_IMAGE ?? '';
    images.broken = process.env.DEPLOY_KIT_BROKEN_IMAGE ?? '';
    if (!images.good || !images.broken)
      throw new Error('DEPLOY_KIT_GOOD_IMAGE and DEPLOY_KIT_BROKEN_IMAGE must name images pinned by digest');
    kubeconfig = await readFile(real, 'utf8');
    return;
  }
  registry = await startRegistry();
  const repository = (name: string) => `${registry!.host}/${name}`;
  const good = await pushMinimalImage(registry.host, 'acme/shop', 'v1.0.0', 'good');
  const broken = await pushMinimalImage(registry.host, 'acme/shop', 'v1.1.0', 'broken');
  images.good = `${repository('acme/shop')}@${good}`;
  images.broken = `${repository('acme/shop')}@${broken}`;
  for (const service of ['api', 'frontend'])
    for (const version of ['v1.0.0', 'v1.1.0'])
      digests[`${service}:${version}`] = await pushMinimalImage(
        registry.host,
        `acme/shop/${service}`,
        version,
        `${service} ${version}`,
      );
  standIn = await startStandIn({
    namespaces: [namespace],
    behaviours: {
      [images.broken]: 'crash-loop',
      [`${repository('acme/shop/frontend')}@${digests['frontend:v1.1.0']}`]: 'image-pull-failure',
    },
  });
  kubeconfig = standIn.kubeconfig(namespace);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), registry?.stop(), standIn?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

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

const containerImage = (deployment: string) =>
  kubectl('get', 'deployment', deployment, '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
const annotation = (deployment: string, key: string) =>
  kubectl('get', 'deployment', deployment, '-o', `jsonpath={.metadata.annotations.deploy-kit\\.dev/${key}}`);

function run(action: 'deploy' | 'rollback', inputs: Record<string, string>): Promise<BundledActionRun> {
  return runBundledAction(action, {
    inputs: {
      'github-token': 'ghs_kubernetesActionsToken0123',
      kubeconfig,
      'deploy-timeout': deployTimeout,
      ...inputs,
    },
    env: { GITHUB_API_URL: api.url },
    timeoutMs: runTimeoutMs,
  });
}

/** The one-step action (the root action.yml, bundled as dist/pipeline). */
function runOneStep(inputs: Record<string, string>): Promise<BundledActionRun> {
  return runBundledAction('pipeline', {
    inputs: {
      'github-token': 'ghs_kubernetesActionsToken0123',
      kubeconfig,
      'deploy-timeout': deployTimeout,
      ...inputs,
    },
    env: { GITHUB_API_URL: api.url },
    timeoutMs: runTimeoutMs * 2,
  });
}

function errorLines(result: BundledActionRun): string[] {
  return result.log.split('\n').filter((line) => line.startsWith('::error::'));
}

describe(`the deploy and rollback actions on Kubernetes (${real ? 'real cluster' : 'stand-in'})`, () => {
  it(
    'deploys v1.0.0 by digest, fails v1.1.0 red with the reason, and the rollback applies v1.0.0 again',
    async () => {
      const environment = 'kube-production';
      const manifests = folder('shop', { 'shop.yaml': deploymentYaml('webshop', 'web') });
      const target = {
        environment,
        target: 'kubernetes',
        namespace,
        manifests,
        workloads: 'webshop=deployment/webshop:web',
      };

      const first = await run('deploy', { ...target, image: images.good, version: 'v1.0.0' });
      expect(first.exitCode).toBe(0);
      const goodRef = first.outputs['image-ref']!;
      expect(goodRef).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(await containerImage('webshop')).toBe(goodRef);
      expect(await annotation('webshop', 'version')).toBe('v1.0.0');
      expect(JSON.parse(await annotation('webshop', 'images'))).toEqual({ webshop: goodRef });
      expect(await kubectl('rollout', 'status', 'deployment/webshop', '--timeout=30s')).toContain(
        'successfully rolled out',
      );
      const v1 = api.state.deployments.find((d) => d.environment === environment)!;
      expect(api.latestState(v1.id)).toBe('success');
      expect(first.summary).toContain('v1.0.0');

      const broken = await run('deploy', { ...target, image: images.broken, version: 'v1.1.0' });
      expect(broken.exitCode).not.toBe(0);
      const [error, ...more] = errorLines(broken);
      expect(more).toEqual([]);
      expect(error).toContain('deployment/webshop');
      expect(error).toMatch(/CrashLoopBackOff|crash loop/);
      if (!real) expect(error).toContain('Error: DATABASE_URL is not set');
      expect(broken.summary).toMatch(/CrashLoopBackOff|crash loop/);
      // The environment's second deployment: v1.1.0.
      const v11 = api.state.deployments.filter((d) => d.environment === environment).sort((a, b) => a.id - b.id)[1]!;
      expect(v11.payload).toMatchObject({ version: 'v1.1.0' });
      expect(api.latestState(v11.id)).toBe('failure');

      const rollback = await run('rollback', { ...target, reason: 'v1.1.0 crash-loops' });
      expect(rollback.exitCode).toBe(0);
      expect(rollback.outputs).toMatchObject({ version: 'v1.0.0', 'image-ref': goodRef, 'rolled-back-from': 'v1.1.0' });
      expect(await containerImage('webshop')).toBe(goodRef);
      expect(await annotation('webshop', 'version')).toBe('v1.0.0');
      expect(await kubectl('rollout', 'status', 'deployment/webshop', '--timeout=30s')).toContain(
        'successfully rolled out',
      );
      const record = api.state.deployments.find((d) => d.environment === environment && d.task === 'rollback')!;
      expect(api.latestState(record.id)).toBe('success');

      for (const result of [first, broken, rollback])
        expect(leakedSecrets(visibleOutput(result), [kubeconfig])).toEqual([]);
      expect(api.validationErrors).toEqual([]);
    },
    runTimeoutMs * 3 + 30_000,
  );

  it(
    'the one-step action rolls a crash-looping release back on its own with rollback-on: failure',
    async () => {
      const environment = 'kube-one-step';
      api.seed.environment(environment);
      const manifests = folder('one-step', { 'onestep.yaml': deploymentYaml('onestep', 'web') });
      const inputs = {
        environment,
        target: 'kubernetes',
        namespace,
        manifests,
        workloads: 'onestep=deployment/onestep:web',
        'rollback-on': 'failure',
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
      expect(await containerImage('onestep')).toBe(goodRef);
      expect(await annotation('onestep', 'version')).toBe('v1.0.0');
      const rollback = api.state.deployments.find((d) => d.environment === environment && d.task === 'rollback')!;
      expect(api.latestState(rollback.id)).toBe('success');
      expect(leakedSecrets(visibleOutput(broken), [kubeconfig])).toEqual([]);
      expect(api.validationErrors).toEqual([]);
    },
    runTimeoutMs * 2 + 30_000,
  );

  it('refuses a bad workloads input with one error line naming it, before anything is recorded', async () => {
    const environment = 'kube-bad-input';
    const manifests = folder('bad', { 'shop.yaml': deploymentYaml('webshop', 'web') });
    const result = await run('deploy', {
      environment,
      target: 'kubernetes',
      namespace,
      manifests,
      workloads: 'webshop=statefulset/webshop',
      image: images.good,
      version: 'v1.0.0',
    });
    expect(result.exitCode).not.toBe(0);
    expect(errorLines(result)).toEqual([
      expect.stringContaining(
        'Input "workloads" workloads entry "webshop=statefulset/webshop" is not SERVICE=deployment/NAME:CONTAINER',
      ),
    ]);
    expect(api.state.deployments.filter((d) => d.environment === environment)).toEqual([]);
  });

  it('refuses an invalid manifest naming the file, the document and the field, before anything is recorded', async () => {
    const environment = 'kube-bad-manifest';
    const manifests = folder('invalid', {
      'shop.yaml': deploymentYaml('webshop', 'web').replace('replicas: 2', 'replicas: two'),
    });
    const result = await run('deploy', {
      environment,
      target: 'kubernetes',
      namespace,
      manifests,
      workloads: 'webshop=deployment/webshop:web',
      image: images.good,
      version: 'v1.0.0',
    });
    expect(result.exitCode).not.toBe(0);
    const [error, ...more] = errorLines(result);
    expect(more).toEqual([]);
    expect(error).toContain(
      `Input "manifests": ${join(manifests, 'shop.yaml')}: document 1: spec.replicas: must be integer`,
    );
    expect(api.state.deployments.filter((d) => d.environment === environment)).toEqual([]);
    expect(api.validationErrors).toEqual([]);
  });
});

// The config file names images in a registry by tag (the release's version): the local registry's.
(real ? describe.skip : describe)('the config file with two services on Kubernetes (stand-in)', () => {
  it(
    'deploys both services by digest, a release whose frontend cannot be pulled fails naming it, and the rollback puts both back',
    async () => {
      const host = registry!.host;
      const ref = (service: string, version: string) =>
        `${host}/acme/shop/${service}@${digests[`${service}:${version}`]}`;
      const manifests = folder('two', {
        'api.yaml': deploymentYaml('api', 'server'),
        'frontend.yaml': deploymentYaml('frontend', 'frontend'),
      });
      const config = join(work, 'deploy-kit.yml');
      writeFileSync(
        config,
        `services:
  api:
    image: ${host}/acme/shop/api
  frontend:
    image: ${host}/acme/shop/frontend
environments:
  kube-two:
    require-environment: false
    target:
      kind: kubernetes
      namespace: ${namespace}
      manifests: ${manifests}
      workloads:
        api: deployment/api:server
      deploy-timeout: ${deployTimeout}
`,
      );
      const inputs = { config, environment: 'kube-two' };

      const first = await run('deploy', { ...inputs, version: 'v1.0.0' });
      expect(first.exitCode).toBe(0);
      expect(await containerImage('api')).toBe(ref('api', 'v1.0.0'));
      expect(await containerImage('frontend')).toBe(ref('frontend', 'v1.0.0'));
      expect(JSON.parse(await annotation('frontend', 'images'))).toEqual({ frontend: ref('frontend', 'v1.0.0') });
      const v1 = api.state.deployments.find((d) => d.environment === 'kube-two')!;
      expect(api.latestState(v1.id)).toBe('success');

      const broken = await run('deploy', { ...inputs, version: 'v1.1.0' });
      expect(broken.exitCode).not.toBe(0);
      const [error, ...more] = errorLines(broken);
      expect(more).toEqual([]);
      expect(error).toContain('deployment/frontend');
      expect(error).toMatch(/ImagePullBackOff|ErrImagePull/);
      expect(broken.summary).toMatch(/ImagePullBackOff|ErrImagePull/);

      const rollback = await run('rollback', inputs);
      expect(rollback.exitCode).toBe(0);
      expect(rollback.outputs).toMatchObject({ version: 'v1.0.0', 'rolled-back-from': 'v1.1.0' });
      expect(await containerImage('api')).toBe(ref('api', 'v1.0.0'));
      expect(await containerImage('frontend')).toBe(ref('frontend', 'v1.0.0'));
      expect(await kubectl('rollout', 'status', 'deployment/frontend', '--timeout=30s')).toContain(
        'successfully rolled out',
      );
      const record = api.state.deployments.find((d) => d.environment === 'kube-two' && d.task === 'rollback')!;
      expect(record.payload).toMatchObject({
        version: 'v1.0.0',
        services: expect.arrayContaining([
          expect.objectContaining({ service: 'api', digest: digests['api:v1.0.0'] }),
          expect.objectContaining({ service: 'frontend', digest: digests['frontend:v1.0.0'] }),
        ]),
      });
      expect(api.latestState(record.id)).toBe('success');
      expect(api.validationErrors).toEqual([]);
    },
    runTimeoutMs * 3 + 30_000,
  );

  it('an empty kubeconfig names the secret DEPLOY_KUBECONFIG and where to set it, before anything is recorded', async () => {
    const manifests = folder('empty-secret', { 'api.yaml': deploymentYaml('api', 'api') });
    const config = join(work, 'empty-secret.yml');
    writeFileSync(
      config,
      `services:
  api:
    image: ${registry!.host}/acme/shop/api
environments:
  kube-secret:
    require-environment: false
    target: { kind: kubernetes, namespace: ${namespace}, manifests: ${manifests} }
`,
    );
    const result = await run('deploy', { config, environment: 'kube-secret', version: 'v1.0.0', kubeconfig: '' });
    expect(result.exitCode).not.toBe(0);
    expect(errorLines(result)).toEqual([
      expect.stringContaining(
        `${config}: environments.kube-secret.target: the secret DEPLOY_KUBECONFIG is empty: set it in Settings → Environments`,
      ),
    ]);
    expect(api.state.deployments.filter((d) => d.environment === 'kube-secret')).toEqual([]);
  });
});
