import { UserError } from '@deploy-kit/action-kit';
import type { KubernetesStrategy } from '@deploy-kit/kubernetes';
import type { Strategy } from '@deploy-kit/model';

/**
 * The environment's `strategy:` as the Kubernetes library runs it. `recreate` (the default, no
 * `strategy:` written) leaves the Deployment's own strategy from the manifests alone, i.e. a
 * RollingUpdate unless the manifest says otherwise; `rolling` sets maxSurge / maxUnavailable when
 * given; `blue-green` switches the Service's selector. A canary needs its promotion and analysis
 * steps on the cluster, which this target does not run yet: refused before anything happens.
 */
export function kubernetesStrategy(strategy: Strategy | undefined, where: string): KubernetesStrategy {
  switch (strategy?.kind) {
    case undefined:
    case 'recreate':
      return { kind: 'rolling' };
    case 'rolling':
      return {
        kind: 'rolling',
        ...(strategy.maxSurge === undefined ? {} : { maxSurge: strategy.maxSurge }),
        ...(strategy.maxUnavailable === undefined ? {} : { maxUnavailable: strategy.maxUnavailable }),
      };
    case 'blue-green':
      return { kind: 'blue-green' };
    case 'canary':
      throw new UserError(
        `${where}: strategy canary is not available on a kubernetes target yet; use rolling or blue-green (docs/kubernetes.md)`,
      );
  }
}
