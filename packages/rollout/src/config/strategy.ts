import type { HealthCheckOptions } from '@deploy-kit/health';
import type { AnalysisSettings } from '../analysis/analyse';
import type { MetricRule } from '../analysis/judge';
import { DEFAULT_PROMETHEUS_RETRY } from '../analysis/prometheus-client';
import type { BatchSize } from '../rolling/plan-batches';
import { durationMs } from './durations';
import { batchSizeFrom, metricRulesFrom } from './resolve';
import type { ProxyEntry, StrategyEntry } from './schema';

/**
 * An environment's `strategy` as the deployment model carries it (packages/model's
 * `Environment.strategy`): tagged by `kind`, defaults filled, durations in milliseconds. Which
 * settings a target may use was checked by checkStrategyFor before this exists: on kubernetes,
 * `proxy`, `hooks` and `perHost` are absent or their defaults; on ssh-compose, `maxSurge` and
 * `maxUnavailable` are absent.
 */
export type Strategy = RecreateStrategy | BlueGreenStrategy | RollingStrategy | CanaryStrategy;

export interface RecreateStrategy {
  kind: 'recreate';
}

export interface ProxySettings {
  kind: ProxyEntry['kind'];
  /** compose: a service of the compose project; host: the host's own proxy. */
  runs: 'compose' | 'host';
  /** With runs: compose, the proxy's compose service; undefined: `proxy`. */
  service?: string;
  /** The one upstream deploy-kit owns in the proxy's configuration. */
  upstream: string;
  /** Where that upstream is written; undefined: the proxy kind's default. */
  configFile?: string;
}

export interface BlueGreenStrategy {
  kind: 'blue-green';
  /** Always set on ssh-compose (checked); never on kubernetes. */
  proxy?: ProxySettings;
  drainTimeoutMs: number;
  keepMs: number;
}

export interface RollingStrategy {
  kind: 'rolling';
  /** ssh-compose: hosts per batch (default 1 host). */
  batch: BatchSize;
  /** ssh-compose: how each host is updated. */
  perHost: 'recreate' | 'blue-green';
  /** With perHost blue-green, each host's proxy. */
  proxy?: ProxySettings;
  drainTimeoutMs: number;
  /** ssh-compose: scripts run on the runner around each host, with DEPLOY_HOST set. */
  hooks: { before?: string; after?: string };
  /** kubernetes: RollingUpdate maxSurge / maxUnavailable, as written (a count or `25%`). */
  maxSurge?: number | string;
  maxUnavailable?: number | string;
}

export interface CanaryAnalysis {
  prometheus?: { url: string; timeoutMs: number };
  /** In the queries' units: a ratio 0..1 and seconds. */
  metrics: MetricRule[];
  /** Also health-check the canary with the service's health settings. */
  health: boolean;
  count: number;
  intervalMs: number;
}

export interface CanaryStrategy {
  kind: 'canary';
  /** Always set on ssh-compose (checked); never on kubernetes. */
  proxy?: ProxySettings;
  /** kubernetes only (checked): metadata.name of the HTTPRoute whose weights are set. */
  route?: string;
  /** Traffic weights in percent, growing, ending at 100. */
  steps: number[];
  pauseMs: number;
  failureLimit: number;
  onInconclusive: 'fail' | 'promote';
  drainTimeoutMs: number;
  analysis: CanaryAnalysis;
}

/** The validated `strategy:` entry as the model's typed settings. */
export function resolveStrategy(entry: StrategyEntry): Strategy {
  switch (entry.kind) {
    case 'recreate':
      return { kind: 'recreate' };
    case 'blue-green':
      return {
        kind: 'blue-green',
        ...proxyOf(entry.proxy),
        drainTimeoutMs: durationMs(entry['drain-timeout']),
        keepMs: durationMs(entry.keep),
      };
    case 'rolling':
      return {
        kind: 'rolling',
        batch: batchSizeFrom(entry),
        perHost: entry['per-host'] ?? 'recreate',
        ...proxyOf(entry.proxy),
        drainTimeoutMs: durationMs(entry['drain-timeout']),
        hooks: {
          ...(entry.hooks.before === undefined ? {} : { before: entry.hooks.before }),
          ...(entry.hooks.after === undefined ? {} : { after: entry.hooks.after }),
        },
        ...(entry['max-surge'] === undefined ? {} : { maxSurge: entry['max-surge'] }),
        ...(entry['max-unavailable'] === undefined ? {} : { maxUnavailable: entry['max-unavailable'] }),
      };
    case 'canary': {
      const { analysis } = entry;
      return {
        kind: 'canary',
        ...proxyOf(entry.proxy),
        ...(entry.route === undefined ? {} : { route: entry.route }),
        steps: [...entry.steps],
        pauseMs: durationMs(entry.pause),
        failureLimit: entry['failure-limit'],
        onInconclusive: entry['on-inconclusive'],
        drainTimeoutMs: durationMs(entry['drain-timeout']),
        analysis: {
          ...(analysis.prometheus === undefined
            ? {}
            : { prometheus: { url: analysis.prometheus, timeoutMs: durationMs(analysis.timeout) } }),
          metrics: metricRulesFrom(analysis),
          health: analysis.health,
          count: analysis.count,
          intervalMs: durationMs(analysis.interval),
        },
      };
    }
  }
}

/**
 * What analyseStep needs for a resolved canary. `health` is the service's health check aimed
 * at the canary's own URL; it is used when `analysis.health` is true.
 */
export function canaryAnalysisSettings(strategy: CanaryStrategy, health?: HealthCheckOptions): AnalysisSettings {
  const { analysis } = strategy;
  return {
    prometheus: analysis.prometheus ? { ...analysis.prometheus, retry: DEFAULT_PROMETHEUS_RETRY } : undefined,
    metrics: analysis.metrics,
    health: analysis.health ? health : undefined,
    count: analysis.count,
    intervalMs: analysis.intervalMs,
    failureLimit: strategy.failureLimit,
    onInconclusive: strategy.onInconclusive,
  };
}

function proxyOf(entry: ProxyEntry | undefined): { proxy?: ProxySettings } {
  if (entry === undefined) return {};
  return {
    proxy: {
      kind: entry.kind,
      runs: entry.runs,
      ...(entry.service === undefined ? {} : { service: entry.service }),
      upstream: entry.upstream,
      ...(entry['config-file'] === undefined ? {} : { configFile: entry['config-file'] }),
    },
  };
}
