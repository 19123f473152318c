import { describe, expect, test } from '@jest/globals';
import { deploymentState, rolloutStatus } from '@deploy-kit/kubernetes';

function deployment(status: Record<string, unknown>, generation = 2, replicas = 3): unknown {
  return { metadata: { name: 'api', generation }, spec: { replicas }, status };
}

/** kubectl's rule, in kubectl's words (the calibration test shows kubectl printing them). */
describe('rolloutStatus: when a Deployment counts as rolled out', () => {
  test.each([
    [
      'the controller has not seen the new spec',
      deployment({ observedGeneration: 1 }),
      'waiting',
      'Waiting for deployment spec update to be observed...',
    ],
    [
      'the progress deadline passed',
      deployment({
        observedGeneration: 2,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
      'failed',
      'deployment "api" exceeded its progress deadline',
    ],
    [
      'not every replica is updated',
      deployment({ observedGeneration: 2, updatedReplicas: 1, replicas: 4 }),
      'waiting',
      'Waiting for deployment "api" rollout to finish: 1 out of 3 new replicas have been updated...',
    ],
    [
      'old replicas remain',
      deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 }),
      'waiting',
      'Waiting for deployment "api" rollout to finish: 1 old replicas are pending termination...',
    ],
    [
      'updated replicas not yet available',
      deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }),
      'waiting',
      'Waiting for deployment "api" rollout to finish: 2 of 3 updated replicas are available...',
    ],
    [
      'available but not all ready (stricter than kubectl)',
      deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3, readyReplicas: 2 }),
      'waiting',
      'Waiting for deployment "api" rollout to finish: 2 of 3 replicas are ready...',
    ],
    [
      'done',
      deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3, readyReplicas: 3 }),
      'done',
      'deployment "api" successfully rolled out',
    ],
    ['scaled to zero', deployment({ observedGeneration: 2 }, 2, 0), 'done', 'deployment "api" successfully rolled out'],
  ])('%s', (_name, object, kind, message) => {
    expect(rolloutStatus(deploymentState(object))).toEqual({ kind, message });
  });
});
