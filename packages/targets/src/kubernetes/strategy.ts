import { UserError } from '@deploy-kit/action-kit';
import type { HealthCheckOptions } from '@deploy-kit/health';
import type { KubernetesStrategy } from '@deploy-kit/kubernetes';
import type { Strategy } from '@deploy-kit/model';
import { canaryAnalysisSettings } from '@deploy-kit/rollout';

/**
 * The header the canary analysis' health check sends: the route's own rule that matches it sends
 * the request to `<service>-canary`, so the check reaches the canary's pods, not the split
 * (docs/kubernetes.md, "Canary by traffic weight"). The final health check sends no such header.
 */
export const CANARY_HEADER: [string, string] = ['x-deploy-kit-canary', '1'];

/**
 * The environment's `strategy:` as the Kubernetes library runs it. `recreate` (the default, no
 * `strategy:` written) leaves the Deployment's own strategy from the manifests alone, i.e. a
 * RollingUpdate unless the manifest says otherwise; `rolling` sets maxSurge / maxUnavailable when
 * given; `blue-green` switches the Service's selector; `canary` is the canary by traffic weight
 * through the HTTPRoute named by `route` (the model refuses a kubernetes canary without one).
 * `health` is the environment's health checks: with `analysis.health`, the canary is checked with
 * them, carrying CANARY_HEADER.
 */
export function kubernetesStrategy(
  strategy: Strategy | undefined,
  where: string,
  health: readonly HealthCheckOptions[] = [],
): KubernetesStrategy {
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
    case 'canary': {
      if (strategy.route === undefined) {
        // checkStrategyFor refuses this with the file's line first; kept for callers without the model.
        throw new UserError(
          `${where}.route: required on a kubernetes target: the name of the HTTPRoute of the manifests whose weights deploy-kit sets (docs/kubernetes.md)`,
        );
      }
      const canaryHealth = strategy.analysis.health ? canaryHealthCheck(health, where) : undefined;
      const analysis = canaryAnalysisSettings(strategy, canaryHealth);
      return {
        kind: 'canary',
        by: 'traffic',
        route: { kind: 'HTTPRoute', name: strategy.route },
        steps: [...strategy.steps],
        pauseMs: strategy.pauseMs,
        analysis,
      };
    }
  }
}

/**
 * The health check of the canary: the first service's settings with every service's URLs (the
 * route splits every workload at once), plus CANARY_HEADER.
 */
function canaryHealthCheck(health: readonly HealthCheckOptions[], where: string): HealthCheckOptions {
  const [first] = health;
  if (!first) {
    throw new UserError(
      `${where}.analysis.health is true, but the environment's health: names no URL to check the canary with; add one, or set analysis.health: false`,
    );
  }
  return {
    ...first,
    urls: health.flatMap((check) => check.urls),
    headers: [...first.headers.filter(([name]) => name.toLowerCase() !== CANARY_HEADER[0]), CANARY_HEADER],
  };
}

/** What a rollback runs: the previous release in one step, never a canary (the stable side may be the broken one). */
export function rollbackStrategy(strategy: KubernetesStrategy): KubernetesStrategy {
  return strategy.kind === 'canary' ? { kind: 'rolling' } : strategy;
}
