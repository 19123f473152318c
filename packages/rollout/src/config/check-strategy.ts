import type { StrategyEntry, StrategyKind } from './schema';

/** The target kinds a strategy may run on (packages/model's target `kind`). */
export type TargetKind = 'ssh-compose' | 'command' | 'kubernetes';

/** A setting that cannot work, with its path from the environment (`strategy.proxy`). */
export interface StrategyProblem {
  path: readonly (string | number)[];
  message: string;
}

/**
 * Which strategies each target can run. ssh-compose runs containers on hosts deploy-kit
 * reaches, so it can start a release beside another and drive a proxy. A command target is
 * the user's script: deploy-kit cannot start anything beside it. A kubernetes target has its
 * own `target.strategy` (rolling, blue-green, canary by Kubernetes' own means; see
 * docs/kubernetes.md), so the environment's strategy stays recreate there.
 */
export const STRATEGIES_BY_TARGET: Record<TargetKind, readonly StrategyKind[]> = {
  'ssh-compose': ['recreate', 'blue-green', 'rolling', 'canary'],
  command: ['recreate'],
  kubernetes: ['recreate'],
};

/**
 * Every reason this strategy cannot run on this target, before any side effect. Paths start
 * at `strategy`; the model prefixes `environments.<name>` and turns them into file:line.
 */
export function checkStrategyFor(targetKind: TargetKind, strategy: StrategyEntry): StrategyProblem[] {
  const allowed = STRATEGIES_BY_TARGET[targetKind];
  if (!allowed.includes(strategy.kind)) {
    return [
      {
        path: ['strategy', 'kind'],
        message: `a ${targetKind} target cannot run ${strategy.kind}; expected ${allowed.join(' or ')}${WHY[targetKind]}`,
      },
    ];
  }
  const problems: StrategyProblem[] = [];
  switch (strategy.kind) {
    case 'recreate':
      break;
    case 'blue-green':
      if (!strategy.proxy) problems.push(needsProxy('blue-green', 'to switch the traffic to the new release'));
      break;
    case 'rolling':
      if (strategy['per-host'] === 'blue-green' && !strategy.proxy) {
        problems.push(needsProxy('rolling with per-host: blue-green', 'on each host to switch its traffic'));
      }
      break;
    case 'canary': {
      if (!strategy.proxy) problems.push(needsProxy('canary', 'to send a share of the traffic to the canary'));
      const { analysis } = strategy;
      const hasMetrics = Object.keys(analysis.metrics).length > 0;
      if (hasMetrics && !analysis.prometheus) {
        problems.push({
          path: ['strategy', 'analysis', 'prometheus'],
          message: 'required: the Prometheus server’s URL, since analysis.metrics are set',
        });
      }
      if (!hasMetrics && !analysis.health) {
        problems.push({
          path: ['strategy', 'analysis'],
          message: 'expected metrics or health: true; an analysis that checks nothing would never pass a step',
        });
      }
      break;
    }
  }
  return problems;
}

const WHY: Record<TargetKind, string> = {
  'ssh-compose': '',
  command: ' (your script decides how it deploys)',
  kubernetes: ' (set target.strategy instead: rolling, blue-green or canary)',
};

function needsProxy(what: string, why: string): StrategyProblem {
  return {
    path: ['strategy', 'proxy'],
    message: `required: ${what} needs a proxy ${why}, e.g. proxy: { kind: nginx, upstream: api }`,
  };
}
