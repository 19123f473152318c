import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { outcomeError } from './outcome-error';

const inputs = (setting: string) => `Input "${setting}"`;

describe('outcomeError: the library outcome as the one line the user reads', () => {
  it('invalid manifests keep file, document and field, all problems on one line', () => {
    const error = outcomeError(
      {
        kind: 'invalid',
        problems: [
          'k8s/api.yaml: document 1: spec.replicas: must be integer',
          'workload deployment/api:sidecar: Deployment "api" (k8s/api.yaml) has no container "sidecar"; it has api',
        ],
      },
      inputs,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      'Input "manifests": k8s/api.yaml: document 1: spec.replicas: must be integer; workload deployment/api:sidecar: Deployment "api" (k8s/api.yaml) has no container "sidecar"; it has api',
    );
  });

  it('forbidden says nothing was applied and names the missing permission', () => {
    const error = outcomeError(
      {
        kind: 'forbidden',
        missing: [{ verb: 'patch', group: 'apps', resource: 'deployments' }],
        message: `the kubeconfig's user may not patch deployments.apps in namespace "shop"; grant the Role in docs/kubernetes.md`,
      },
      inputs,
    );
    expect(error.message).toBe(
      `Nothing was applied: the kubeconfig's user may not patch deployments.apps in namespace "shop"; grant the Role in docs/kubernetes.md`,
    );
  });

  it('a bad kubeconfig names the setting it came from, on one line', () => {
    const error = outcomeError(
      { kind: 'bad-kubeconfig', message: 'not YAML:\nline 3' },
      () => 'the secret DEPLOY_KUBECONFIG',
    );
    expect(error.message).toBe('the secret DEPLOY_KUBECONFIG: not YAML: line 3');
  });

  it('an image that cannot be pulled and a crash loop with its last log lines', () => {
    const pull = outcomeError(
      {
        kind: 'unhealthy',
        deployment: 'web',
        why: 'failed',
        message: 'deployment "web" exceeded its progress deadline: web-1: ImagePullBackOff: manifest unknown',
        diagnoses: [
          { kind: 'image-pull', pod: 'web-1', container: 'web', message: 'ImagePullBackOff: manifest unknown' },
        ],
      },
      inputs,
    );
    expect(pull.message).toBe(
      'deployment/web failed to roll out: deployment "web" exceeded its progress deadline: web-1: ImagePullBackOff: manifest unknown.',
    );
    const crash = outcomeError(
      {
        kind: 'unhealthy',
        deployment: 'api',
        why: 'timeout',
        message: 'timed out: api-1: CrashLoopBackOff: restarted 3 times',
        diagnoses: [
          {
            kind: 'crash-loop',
            pod: 'api-1',
            container: 'api',
            message: 'CrashLoopBackOff: restarted 3 times',
            logTail: ['a', 'b', 'c', 'd', 'e', 'f', 'Error: DATABASE_URL is not set'],
          },
        ],
      },
      inputs,
    );
    expect(crash.message).toBe(
      'deployment/api did not finish rolling out in time: timed out: api-1: CrashLoopBackOff: restarted 3 times. Last log lines of api-1: c | d | e | f | Error: DATABASE_URL is not set.',
    );
  });
});
