import { UserError } from '@deploy-kit/action-kit';
import type { HealthCheckOptions } from '@deploy-kit/health';
import type { BlueGreenStrategy, CanaryStrategy, SshComposeTarget as SshComposeSettings } from '@deploy-kit/model';
import { canaryAnalysisSettings } from '@deploy-kit/rollout';
import { BlueGreenTarget } from '../blue-green/blue-green-target';
import type { ColourHostOptions } from '../blue-green/colour-host';
import { proxySettingsFrom } from '../proxy/proxy-settings';
import type { DeployTarget } from '../types';
import { CanaryTarget } from './canary-target';

/** How long a new release (or canary) may take to answer its health check on its own port. */
const HEALTH_TIMEOUT_MS = 60_000;

export interface ProxiedSettingsContext {
  /** e.g. `environments.production.target` */
  where: string;
  /** e.g. `environments.production.strategy` */
  strategyWhere: string;
  /** The environment's health checks: the first URL's path is what each release is checked on. */
  health?: readonly HealthCheckOptions[];
}

/**
 * The config file's blue-green and canary on ssh-compose: one host behind nginx. The model has
 * checked that `proxy` is set; this refuses what the host targets cannot do yet (several hosts,
 * a proxy other than nginx), naming the setting, before anything is contacted.
 */
export function proxiedTargetFromSettings(
  target: SshComposeSettings,
  strategy: BlueGreenStrategy | CanaryStrategy,
  secrets: { privateKey: string; knownHosts?: string },
  context: ProxiedSettingsContext,
): DeployTarget {
  const [host, ...more] = target.hosts;
  if (host === undefined || more.length > 0) {
    throw new UserError(
      `${context.where}.hosts: ${strategy.kind} runs on exactly one host (got ${target.hosts.length}); for several hosts use kind: rolling`,
    );
  }
  if (!strategy.proxy) throw new UserError(`${context.strategyWhere}.proxy: required for ${strategy.kind}`);
  const options: ColourHostOptions = {
    connection: {
      host,
      port: target.port,
      user: target.user,
      privateKey: secrets.privateKey,
      ...(secrets.knownHosts ? { knownHosts: secrets.knownHosts } : {}),
      skipHostKeyCheck: target.insecureSkipHostKey,
      connectTimeoutMs: target.connectTimeoutMs,
    },
    project: {
      projectDir: target.projectDir,
      ...(target.composeFile === undefined ? {} : { composeFile: target.composeFile }),
      composeCommand: target.composeCommand,
    },
    proxy: proxySettingsFrom(strategy.proxy, `${context.strategyWhere}.proxy`),
    commandTimeoutMs: target.deployTimeoutMs,
    healthPath: healthPath(context.health),
    healthTimeoutMs: HEALTH_TIMEOUT_MS,
  };
  if (strategy.kind === 'blue-green') {
    return new BlueGreenTarget({ ...options, drainTimeoutMs: strategy.drainTimeoutMs, keepMs: strategy.keepMs });
  }
  const { health: _runnerHealth, ...analysis } = canaryAnalysisSettings(strategy);
  return new CanaryTarget({
    ...options,
    plan: { steps: [...strategy.steps], pauseMs: strategy.pauseMs },
    analysis,
    healthInAnalysis: strategy.analysis.health,
    drainTimeoutMs: strategy.drainTimeoutMs,
    // A promoted canary keeps the old stable release like blue-green's default keep.
    keepMs: 3_600_000,
  });
}

/** The path of the environment's first health URL (`{host}` placeholders allowed), else `/`. */
export function healthPath(health: readonly Pick<HealthCheckOptions, 'urls'>[] | undefined): string {
  const url = health?.[0]?.urls[0];
  const match = url ? /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^#]*)?/i.exec(url) : null;
  return match?.[1] || '/';
}
