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
 * through the HTTPRoute named by `route`, or by replica ratio without `route`. `health` is the
 * environment's health checks: with `analysis.health`, each step checks them, carrying
 * CANARY_HEADER by traffic weight (so they reach the canary's pods), and as they are by replica
 * ratio (they reach the Service, i.e. the mix of stable and canary pods).
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
      const steps = { steps: [...strategy.steps], pauseMs: strategy.pauseMs };
      if (strategy.route === undefined) {
        // By replica ratio: no per-pod address reaches the canary from the runner, so its health
        // check is the environment's URLs as they are, through the Service (the stable and canary mix).
        const mixHealth = strategy.analysis.health ? healthCheckOf(health, where, []) : undefined;
        return { kind: 'canary', by: 'replicas', ...steps, analysis: canaryAnalysisSettings(strategy, mixHealth) };
      }
      const canaryHealth = strategy.analysis.health ? healthCheckOf(health, where, [CANARY_HEADER]) : undefined;
      return {
        kind: 'canary',
        by: 'traffic',
        route: { kind: 'HTTPRoute', name: strategy.route },
        ...steps,
        analysis: canaryAnalysisSettings(strategy, canaryHealth),
      };
    }
  }
}

/**
 * The health check of the canary's analysis: the first service's settings with every service's
 * URLs (a canary step covers every workload at once), plus `headers` (CANARY_HEADER for a canary
 * by traffic, which the route sends to the canary's pods).
 */
function healthCheckOf(
  health: readonly HealthCheckOptions[],
  where: string,
  headers: [string, string][],
): HealthCheckOptions {
  const [first] = health;
  if (!first) {
    throw new UserError(
      `${where}.analysis.health is true, but the environment's health: names no URL to check the canary with; add one, or set analysis.health: false`,
    );
  }
  const added = new Set(headers.map(([name]) => name.toLowerCase()));
  return {
    ...first,
    urls: health.flatMap((check) => check.urls),
    headers: [...first.headers.filter(([name]) => !added.has(name.toLowerCase())), ...headers],
  };
}

/** What a rollback runs: the previous release in one step, never a canary (the stable side may be the broken one). */
export function rollbackStrategy(strategy: KubernetesStrategy): KubernetesStrategy {
  return strategy.kind === 'canary' ? { kind: 'rolling' } : strategy;
}
