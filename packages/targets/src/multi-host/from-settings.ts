import { UserError } from '@deploy-kit/action-kit';
import type { HealthCheckOptions } from '@deploy-kit/health';
import type { SshComposeTarget as SshComposeSettings, Strategy } from '@deploy-kit/model';
import type { DeployTarget, TargetLog } from '../types';
import { hostHealthCheck } from './host-health';
import { MultiHostTarget } from './multi-host-target';

export interface HostsSettingsContext {
  log: TargetLog;
  /** Where the strategy is written, for errors, e.g. `environments.production.strategy`. */
  strategyWhere: string;
  /** The environment's health checks; a URL's `{host}` stands for each host (rolling checks each). */
  health?: readonly HealthCheckOptions[];
  env?: NodeJS.ProcessEnv;
}

/**
 * An ssh-compose environment's hosts under its `recreate` or `rolling` strategy: one target per
 * host (`hostTarget`), driven together. One host under recreate is that host's own target.
 */
export function hostsFromSettings(
  target: SshComposeSettings,
  strategy: Extract<Strategy, { kind: 'recreate' | 'rolling' }>,
  hostTarget: (host: string) => DeployTarget,
  context: HostsSettingsContext,
): DeployTarget {
  const hosts = target.hosts.map((name) => ({ name, target: hostTarget(name) }));
  if (strategy.kind === 'recreate') {
    const [only] = hosts;
    if (hosts.length === 1 && only) return only.target;
    return new MultiHostTarget({ hosts, plan: { kind: 'recreate' }, hookTimeoutMs: target.deployTimeoutMs });
  }
  if (strategy.perHost === 'blue-green') {
    throw new UserError(
      `${context.strategyWhere}.per-host: blue-green on each host of a rolling rollout is not available yet; expected recreate`,
    );
  }
  return new MultiHostTarget({
    hosts,
    plan: { kind: 'rolling', batch: strategy.batch, hooks: strategy.hooks },
    ...(context.health && context.health.length > 0 ? { checkHost: hostHealthCheck(context.health, context.log) } : {}),
    hookTimeoutMs: target.deployTimeoutMs,
    ...(context.env ? { env: context.env } : {}),
  });
}
