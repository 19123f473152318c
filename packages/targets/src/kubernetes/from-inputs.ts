import { statSync } from 'node:fs';
import { InputError } from '@deploy-kit/action-kit';
import { parseWorkloads } from '@deploy-kit/kubernetes/workloads';
import type { TargetInputs } from '../fields';
import { KubernetesTarget } from './kubernetes-target';

/**
 * `target: kubernetes` from the action inputs: one image (the `image` input) into every workload
 * the `workloads` input lists. Every input is checked here, before anything is contacted; the
 * manifests' contents are checked by the target before the deployment is recorded.
 */
export function kubernetesFromInputs(inputs: TargetInputs, env: NodeJS.ProcessEnv): KubernetesTarget {
  const required = <K extends 'kubeconfig' | 'namespace' | 'manifests' | 'workloads'>(name: K): string => {
    const value = inputs[name];
    if (value === undefined || value === '') throw new InputError(name, 'is required when target is kubernetes');
    return value;
  };
  const kubeconfig = required('kubeconfig');
  const namespace = required('namespace');
  const manifests = required('manifests');
  const workloads = required('workloads');
  const parsed = parseWorkloads(workloads);
  if (parsed.kind === 'invalid') throw new InputError('workloads', parsed.problems.join('; '));
  if (!isFolder(manifests))
    throw new InputError('manifests', `names ${JSON.stringify(manifests)}, which is not a folder`);
  return new KubernetesTarget({
    kubeconfig,
    ...(inputs['kube-context'] ? { context: inputs['kube-context'] } : {}),
    namespace,
    ...(env.RUNNER_TEMP ? { tempRoot: env.RUNNER_TEMP } : {}),
    manifests,
    workloads,
    oneImage: true,
    strategy: { kind: 'rolling' },
    timeoutMs: inputs['deploy-timeout'],
    forceConflicts: false,
    settingName: (setting) => `Input "${setting}"`,
  });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
