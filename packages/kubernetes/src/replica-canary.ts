import { runCanarySteps, type StepSize } from './canary-steps';
import type { KubeClient } from './client';
import type { Runtime } from './connect';
import type { ManifestObject } from './manifests';
import type { KubernetesOutcome, RolloutRequest } from './roll-out';
import { canaryName, type ReplicaCanary } from './strategy';
import type { Workload } from './workloads';

/**
 * A canary by replica ratio (its checks passed, permissions granted), run by runCanarySteps: the
 * canary's pods carry the workload's labels, so the workload's Service already sends them traffic
 * in proportion to the pods once they are ready. There is nothing else to set at a step, nothing
 * to prepare and nothing held back from the promotion; taking the canary out of the traffic is
 * scaling it to zero, so the stable release serves everything again without ever being touched.
 */
export function runReplicaCanary(
  client: KubeClient,
  request: RolloutRequest & { strategy: ReplicaCanary },
  runtime: Runtime,
  workloads: Workload[],
  objects: ManifestObject[],
  firstRelease: () => Promise<KubernetesOutcome>,
): Promise<KubernetesOutcome> {
  const canaries = [...new Set(workloads.map((w) => canaryName(w.name)))].join(', ');
  return runCanarySteps(client, request, runtime, workloads, objects, firstRelease, (cluster) => ({
    held: new Set(),
    prepare: () => Promise.resolve(undefined),
    async send(weight, sizes, using) {
      if (weight === 0) {
        await cluster.scaleCanaryToZero(using);
        return;
      }
      for (const size of sizes) cluster.log.info(`canary: ${describeShare(size)}`);
    },
    restore: () => Promise.resolve(),
    promoted: () => Promise.resolve(),
    words: {
      restored: 'the canary is scaled to zero, so the stable release serves all traffic again',
      restoreFailed: (error) => `taking the canary out failed (${error}); scale deployment ${canaries} to zero by hand`,
      whilePromoting: `the canary (deployment ${canaries}) keeps running beside it`,
    },
  }));
}

/**
 * What share of the requests a step's canary gets: its pods among all the pods the Service picks
 * (the stable Deployment keeps all of its own), e.g. 1 pod beside 4 is about 20 %.
 */
function describeShare(size: StepSize): string {
  const share = Math.round((size.canary / (size.canary + size.stable)) * 100);
  const pods = size.canary === 1 ? 'pod' : 'pods';
  return `deployment ${canaryName(size.deployment)} runs ${size.canary} ${pods} beside the ${size.stable} of deployment ${size.deployment}: about ${share}% of the requests to their Service`;
}
