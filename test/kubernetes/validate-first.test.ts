import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import {
  formatManifestProblem,
  KINDS,
  loadManifests,
  parseWorkloads,
  rollOut,
  unknownFields,
} from '@deploy-kit/kubernetes';
import { captureLog, deploymentYaml, GOOD, manifestsFolder, runtime, serviceYaml } from './helpers';
import { startStandIn, type StandIn } from './stand-in/server';

const cleanups: (() => Promise<void>)[] = [];
let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function folder(files: Record<string, string>): Promise<string> {
  const made = await manifestsFolder(files);
  cleanups.push(made.remove);
  return made.dir;
}

describe('manifests are checked against the Kubernetes schemas before any API call', () => {
  test('each problem names the file, the document index and the field path', async () => {
    const dir = await folder({
      'app.yaml': `${serviceYaml()}---\n${deploymentYaml().replace('replicas: 2', 'replicas: two').replace('- name: api', '- name: api\n          imagePullPolicy: Sometimes')}`,
    });
    const result = await loadManifests(dir, 'shop');
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    const lines = result.problems.map(formatManifestProblem);
    expect(lines).toContain(`${join(dir, 'app.yaml')}: document 2: spec.replicas: must be integer`);
    expect(lines).toContain(
      `${join(dir, 'app.yaml')}: document 2: spec.template.spec.containers[0].imagePullPolicy: must be equal to one of the allowed values (Always, IfNotPresent, Never)`,
    );
  });

  test('unknown fields (typos the API server would refuse under strict validation) are found before anything is applied', async () => {
    const dir = await folder({
      'app.yaml': `${serviceYaml().replace('spec:', 'spec:\n  selecter: {app: api}')}---\n${deploymentYaml().replace('replicas: 2', 'replica: 2').replace('- name: api', '- name: api\n          imagePullPolcy: Always')}`,
    });
    const result = await loadManifests(dir, 'shop');
    if (result.kind !== 'invalid') throw new Error('expected problems');
    expect(result.problems.map(formatManifestProblem)).toEqual([
      `${join(dir, 'app.yaml')}: document 1: spec.selecter: unknown field (not in v1 Service)`,
      `${join(dir, 'app.yaml')}: document 2: spec.replica: unknown field (not in apps/v1 Deployment)`,
      `${join(dir, 'app.yaml')}: document 2: spec.template.spec.containers[0].imagePullPolcy: unknown field (not in apps/v1 Deployment)`,
    ]);
  });

  test('every kind deploy-kit applies has its field list in the official client, or (HTTPRoute, a CRD) its own structural check (no kind is checked loosely)', () => {
    for (const info of KINDS) {
      if (info.kind === 'HTTPRoute') {
        const route = { apiVersion: info.apiVersion, kind: info.kind, metadata: { name: 'x' }, spec: { notAField: 1 } };
        expect(() => info.validate(route)).toThrow('/spec/notAField: unknown field');
        continue;
      }
      expect(unknownFields({ notAField: 1 }, info.model)).toEqual(['notAField']);
    }
  });

  test('missing required fields, unknown kinds, a foreign namespace, YAML errors and duplicates are all reported at once', async () => {
    const dir = await folder({
      'a.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {}\n  template: {spec: {}}\n',
      'b.yml':
        'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: prod}\nspec: {ports: [{port: 80}]}\n',
      'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n',
      'd.yaml': serviceYaml('web') + '---\n' + serviceYaml('web'),
      'notes.txt': 'ignored',
    });
    const result = await loadManifests(dir, 'shop');
    if (result.kind !== 'invalid') throw new Error('expected problems');
    const lines = result.problems.map(formatManifestProblem).join('\n');
    expect(lines).toContain('a.yaml: document 1: spec.template.spec: must have required property');
    expect(lines).toContain('b.yml: document 1: kind: batch/v1 CronJob is not a kind deploy-kit applies');
    expect(lines).toContain(
      'b.yml: document 2: metadata.namespace: is "prod", but this environment deploys to namespace "shop"',
    );
    expect(lines).toContain('c.yaml: document 1: YAML:');
    expect(lines).toContain('d.yaml: document 2: Service "web" is also defined in');
  });

  test('an empty or missing folder is one clear problem', async () => {
    expect(await loadManifests('/nonexistent/k8s', 'shop')).toEqual({
      kind: 'invalid',
      problems: [{ file: '/nonexistent/k8s', message: 'the manifests folder does not exist or cannot be read' }],
    });
    const empty = await folder({ 'README.md': '# no yaml' });
    expect((await loadManifests(empty, 'shop')).kind).toBe('invalid');
  });
});

describe('the workloads input', () => {
  test('parses SERVICE=deployment/NAME:CONTAINER, one per line or comma-separated', () => {
    expect(parseWorkloads('api=deployment/api:api\nworker = deployment/jobs:worker')).toEqual({
      kind: 'ok',
      workloads: [
        { service: 'api', kind: 'deployment', name: 'api', container: 'api' },
        { service: 'worker', kind: 'deployment', name: 'jobs', container: 'worker' },
      ],
    });
  });

  test.each([
    ['api', 'workloads entry "api" is not SERVICE=deployment/NAME:CONTAINER (e.g. api=deployment/api:api)'],
    [
      'api=statefulset/db:db',
      'workloads entry "api=statefulset/db:db": kind "statefulset" is not supported; expected deployment',
    ],
    [
      'api=deployment/Api:api',
      'workloads entry "api=deployment/Api:api": "Api" is not a valid Deployment name (lowercase letters, digits and -)',
    ],
    [
      'api=deployment/api:api,api=deployment/web:web',
      'workloads entry "api=deployment/web:web": service "api" is listed twice',
    ],
    ['', 'workloads is empty; expected SERVICE=deployment/NAME:CONTAINER, e.g. api=deployment/api:api'],
  ])('%j is refused: %s', (text, message) => {
    expect(parseWorkloads(text)).toEqual({ kind: 'invalid', problems: [message] });
  });
});

describe('bad input stops before the cluster is contacted', () => {
  test.each([
    [
      'a workload missing from the manifests',
      { workloads: 'api=deployment/web:web' },
      'the manifests hold no Deployment "web"',
    ],
    [
      'a container missing from the Deployment',
      { workloads: 'api=deployment/api:sidecar' },
      'has no container "sidecar"; it has api',
    ],
    ['an image not pinned by digest', { images: { api: 'ghcr.io/acme/shop/api:v1' } }, 'is not pinned by digest'],
    ['a schema error', { replicas: 'two' }, 'spec.replicas: must be integer'],
  ])('%s', async (_name, change, words) => {
    standIn = await startStandIn();
    const yaml = deploymentYaml().replace('replicas: 2', `replicas: ${'replicas' in change ? change.replicas : '2'}`);
    const dir = await folder({ 'app.yaml': yaml });
    const outcome = await rollOut(
      {
        kubeconfig: standIn.kubeconfig(),
        namespace: 'shop',
        manifests: dir,
        workloads: 'workloads' in change ? change.workloads : 'api=deployment/api:api',
        release: { version: 'v1', images: 'images' in change ? change.images : { api: GOOD } },
        strategy: { kind: 'rolling' },
        timeoutMs: 10_000,
      },
      runtime(captureLog()),
    );
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.problems.join('\n')).toContain(words);
    expect(standIn.requests).toEqual([]);
  });
});
