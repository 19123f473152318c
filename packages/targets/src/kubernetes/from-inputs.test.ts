import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { InputError, parseInputs } from '@deploy-kit/action-kit';
import { createTarget } from '../create-target';
import { targetFields, targetSecretInputs } from '../fields';
import { memoryLog } from '../test-log';

const folder = mkdtempSync(join(tmpdir(), 'kube-inputs-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const kube = {
  target: 'kubernetes',
  kubeconfig: 'apiVersion: v1\nkind: Config\n',
  namespace: 'shop',
  manifests: folder,
  workloads: 'api=deployment/api:api\nworker=deployment/worker:main',
};

function build(raw: Record<string, string>) {
  return createTarget(parseInputs(targetFields, raw, targetSecretInputs), { log: memoryLog(), env: {} });
}

describe('target: kubernetes from the inputs', () => {
  it('builds the target and describes it without the kubeconfig', () => {
    const target = build({ ...kube, 'kube-context': 'prod' });
    expect(target.kind).toBe('kubernetes');
    expect(target.describe()).toBe(`kubernetes namespace shop context prod (rolling, manifests ${folder})`);
    expect(target.describe()).not.toContain('apiVersion');
  });

  it.each([
    ['kubeconfig', { ...kube, kubeconfig: ' ' }, 'Input "kubeconfig" is required when target is kubernetes'],
    ['namespace', { ...kube, namespace: '' }, 'Input "namespace" is required when target is kubernetes'],
    [
      'namespace',
      { ...kube, namespace: 'Shop' },
      'Input "namespace" must be a Kubernetes namespace name (lower-case letters, digits and -, at most 63), e.g. shop',
    ],
    ['manifests', { ...kube, manifests: '' }, 'Input "manifests" is required when target is kubernetes'],
    [
      'manifests',
      { ...kube, manifests: join(folder, 'missing') },
      `Input "manifests" names "${join(folder, 'missing')}", which is not a folder`,
    ],
    ['manifests', { ...kube, manifests: '-k8s' }, 'Input "manifests" must not start with "-"'],
    ['workloads', { ...kube, workloads: '' }, 'Input "workloads" is required when target is kubernetes'],
    [
      'workloads',
      { ...kube, workloads: 'api=statefulset/api' },
      'Input "workloads" workloads entry "api=statefulset/api" is not SERVICE=deployment/NAME:CONTAINER',
    ],
    ['kube-context', { ...kube, 'kube-context': '--token=x' }, 'Input "kube-context" must not start with "-"'],
  ])('refuses a bad %s before anything runs', (_name, raw, message) => {
    expect(() => build(raw)).toThrow(InputError);
    expect(() => build(raw)).toThrow(message);
  });
});
