import type { KubernetesStrategy } from '@deploy-kit/kubernetes';
import type { CanaryOutcome } from '@deploy-kit/rollout';
import type { ProxyRolloutReport } from '../blue-green/rollout-report';

/**
 * A Kubernetes canary (by traffic weight or by replica ratio) as the deploy's ProxyRolloutReport (the
 * canary variant the ssh-compose canary also returns), so the summary shows its step table: one
 * step for the whole rollout, and `canary` holding every weight's analysis.
 */
export function canaryReport(
  strategy: KubernetesStrategy,
  where: string,
  startedAt: number,
  canary: CanaryOutcome,
): ProxyRolloutReport {
  const how =
    strategy.kind !== 'canary'
      ? ''
      : strategy.by === 'traffic'
        ? ` through HTTPRoute ${strategy.route.name}`
        : ' by replica ratio';
  const promoted = canary.outcome === 'promoted';
  return {
    strategy: 'canary',
    host: `${where}${how}`,
    outcome: promoted ? 'promoted' : 'aborted',
    live: promoted ? 'the new release' : 'the stable release',
    steps: [
      {
        name: `canary through ${canary.steps.map((step) => `${step.weight}%`).join(', ')}`,
        startedAt,
        finishedAt: canary.finishedAt,
        ok: promoted,
        detail: promoted ? 'promoted: the stable Deployment runs the new digests' : canary.reason,
      },
    ],
    canary,
  };
}
