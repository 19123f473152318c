import type { StrategyEntry, StrategyKind } from './schema';

/** The target kinds a strategy may run on (packages/model's target `kind`). */
export type TargetKind = 'ssh-compose' | 'command' | 'kubernetes';

/** A setting that cannot work, with its path from the environment (`strategy.proxy`). */
export interface StrategyProblem {
  path: readonly (string | number)[];
  message: string;
}

/**
 * Which strategies each target can run. The strategy lives only here, on the environment, for
 * every target kind. ssh-compose runs containers on hosts deploy-kit reaches, so it can start a
 * release beside another and drive a proxy. kubernetes runs each strategy by the cluster's own
 * means (a RollingUpdate, two Deployments and a Service selector, a canary Deployment by replica
 * ratio or by an HTTPRoute's weights; see docs/kubernetes.md). A command target is the user's script: deploy-kit cannot start
 * anything beside it.
 */
export const STRATEGIES_BY_TARGET: Record<TargetKind, readonly StrategyKind[]> = {
  'ssh-compose': ['recreate', 'blue-green', 'rolling', 'canary'],
  command: ['recreate'],
  kubernetes: ['recreate', 'blue-green', 'rolling', 'canary'],
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
  return targetKind === 'kubernetes' ? kubernetesProblems(strategy) : hostProblems(targetKind, strategy);
}

/** ssh-compose (and command, which only runs recreate): proxies, analysis, no pod settings. */
function hostProblems(targetKind: TargetKind, strategy: StrategyEntry): StrategyProblem[] {
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
      for (const key of ['max-surge', 'max-unavailable'] as const) {
        if (strategy[key] !== undefined) {
          problems.push({
            path: ['strategy', key],
            message: `a ${targetKind} target cannot use ${key} (kubernetes only: it counts pods); use batch: to size each step of hosts`,
          });
        }
      }
      break;
    case 'canary':
      if (!strategy.proxy) problems.push(needsProxy('canary', 'to send a share of the traffic to the canary'));
      if (strategy.route !== undefined) {
        problems.push({
          path: ['strategy', 'route'],
          message: `a ${targetKind} target cannot use route (kubernetes only: an HTTPRoute); the proxy splits the traffic`,
        });
      }
      problems.push(...analysisProblems(strategy));
      break;
  }
  return problems;
}

/**
 * kubernetes: the cluster moves the traffic (a Service selector, replica ratios) and rolls pods,
 * not hosts, so the proxy, the host batches, the per-host mode and the runner hooks are refused
 * rather than silently ignored.
 */
function kubernetesProblems(strategy: StrategyEntry): StrategyProblem[] {
  const problems: StrategyProblem[] = [];
  const refuse = (key: string, why: string) =>
    problems.push({ path: ['strategy', key], message: `a kubernetes target cannot use ${key}; ${why}` });
  if (strategy.kind !== 'recreate' && strategy.proxy) {
    refuse('proxy', 'the cluster’s Service sends the traffic (remove proxy:)');
  }
  if (strategy.kind === 'rolling') {
    if (strategy.batch !== undefined) refuse('batch', 'use max-surge and max-unavailable to size the update');
    if (strategy['per-host'] !== undefined) refuse('per-host', 'pods, not hosts, are updated (remove per-host:)');
    if (strategy.hooks.before !== undefined || strategy.hooks.after !== undefined) {
      refuse('hooks', 'there is no host to take out of a load balancer (use readiness probes)');
    }
  }
  // A canary with `route:` splits by the HTTPRoute's weights (checked against the manifests by the
  // target), without it by replica ratio; both need an analysis that can conclude.
  if (strategy.kind === 'canary') problems.push(...analysisProblems(strategy));
  return problems;
}

function analysisProblems(strategy: Extract<StrategyEntry, { kind: 'canary' }>): StrategyProblem[] {
  const problems: StrategyProblem[] = [];
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
  return problems;
}

const WHY: Record<TargetKind, string> = {
  'ssh-compose': '',
  command: ' (your script decides how it deploys)',
  kubernetes: '',
};

function needsProxy(what: string, why: string): StrategyProblem {
  return {
    path: ['strategy', 'proxy'],
    message: `required: ${what} needs a proxy ${why}, e.g. proxy: { kind: nginx, upstream: api }`,
  };
}
