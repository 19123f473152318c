import { UserError } from '@deploy-kit/action-kit';
import type { BlueGreenStrategy, SshComposeTarget as SshComposeSettings, Strategy } from '@deploy-kit/model';
import type { DeployTarget, TargetHealthCheck, TargetLog } from '../types';
import { hostHealthCheck } from './host-health';
import { MultiHostTarget } from './multi-host-target';

/** How long each host keeps its old release beside the new one under per-host blue-green (blue-green's default keep). */
const PER_HOST_KEEP_MS = 3_600_000;

export interface HostsSettingsContext {
  log: TargetLog;
  /** Where the strategy is written, for errors, e.g. `environments.production.strategy`. */
  strategyWhere: string;
  /**
   * The environment's health checks; a URL's `{host}` stands for each host (rolling checks each).
   * expect-version: true's version comes from each request (see hostHealthCheck).
   */
  health?: readonly TargetHealthCheck[];
  env?: NodeJS.ProcessEnv;
  /** The blue-green target of one host (`per-host: blue-green`); absent: refused by its setting. */
  blueGreenHost?: (host: string, strategy: BlueGreenStrategy) => DeployTarget;
}

/**
 * An ssh-compose environment's hosts under its `recreate` or `rolling` strategy: one target per
 * host (`hostTarget`, or with `per-host: blue-green` each host's blue-green target behind its
 * proxy), driven together. One host under recreate is that host's own target.
 */
export function hostsFromSettings(
  target: SshComposeSettings,
  strategy: Extract<Strategy, { kind: 'recreate' | 'rolling' }>,
  hostTarget: (host: string) => DeployTarget,
  context: HostsSettingsContext,
): DeployTarget {
  if (strategy.kind === 'recreate') {
    const hosts = target.hosts.map((name) => ({ name, target: hostTarget(name) }));
    const [only] = hosts;
    if (hosts.length === 1 && only) return only.target;
    return new MultiHostTarget({ hosts, plan: { kind: 'recreate' }, hookTimeoutMs: target.deployTimeoutMs });
  }
  const { blueGreenHost } = context;
  if (strategy.perHost === 'blue-green' && !blueGreenHost) {
    throw new UserError(
      `${context.strategyWhere}.per-host: blue-green on each host of a rolling rollout is not available here; expected recreate`,
    );
  }
  const blueGreen: BlueGreenStrategy = {
    kind: 'blue-green',
    ...(strategy.proxy ? { proxy: strategy.proxy } : {}),
    drainTimeoutMs: strategy.drainTimeoutMs,
    keepMs: PER_HOST_KEEP_MS,
  };
  const hosts = target.hosts.map((name) => ({
    name,
    target: strategy.perHost === 'blue-green' && blueGreenHost ? blueGreenHost(name, blueGreen) : hostTarget(name),
  }));
  return new MultiHostTarget({
    hosts,
    plan: { kind: 'rolling', batch: strategy.batch, hooks: strategy.hooks },
    ...(context.health && context.health.length > 0 ? { checkHost: hostHealthCheck(context.health, context.log) } : {}),
    hookTimeoutMs: target.deployTimeoutMs,
    ...(context.env ? { env: context.env } : {}),
  });
}
