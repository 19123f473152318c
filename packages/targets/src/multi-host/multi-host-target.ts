import {
  runRolling,
  systemClock,
  type BatchSize,
  type Clock,
  type HostHealth,
  type RollingOutcome,
  type RollingPorts,
} from '@deploy-kit/rollout';
import type {
  DeployRequest,
  DeployTarget,
  HostSteps,
  HostsRolloutReport,
  RolloutPlan,
  RolloutReport,
  RunningRelease,
  ServiceSlot,
  TargetLog,
} from '../types';
import { previousRequest } from './previous-request';
import { RolloutFailedError } from './rollout-failed-error';
import { reportingHosts } from './host-progress';
import { runHook } from './run-hook';

/** One host of the environment and the target that deploys to it alone. */
export interface HostSlot {
  /** How results, logs and hooks (DEPLOY_HOST) name the host, e.g. `app1.example.com`. */
  name: string;
  target: DeployTarget;
}

/**
 * How the hosts are updated:
 * - `recreate`: one after another, each as a single host would be (no health check between
 *   hosts; the engine checks the environment's health once all are done);
 * - `rolling`: in batches, each host wrapped in the hooks and health-checked before the next
 *   batch starts.
 */
export type MultiHostPlan =
  { kind: 'recreate' } | { kind: 'rolling'; batch: BatchSize; hooks: { before?: string; after?: string } };

export interface MultiHostOptions {
  hosts: readonly HostSlot[];
  plan: MultiHostPlan;
  /** One host's health after its deploy (rolling); absent: a host counts as healthy once deployed. */
  checkHost?: (host: string, request: DeployRequest, signal?: AbortSignal) => Promise<HostHealth>;
  /** Time allowed for each hook. */
  hookTimeoutMs: number;
  /** The step's environment, for hooks. */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
}

/**
 * One release over several hosts, each through its own one-host target. A failure stops the
 * rollout and puts every host it changed back on what that host ran before (read by current()
 * before anything changed), newest first; the deploy then fails with a RolloutFailedError
 * carrying every host's result. On success, the per-host results are returned.
 */
export class MultiHostTarget implements DeployTarget {
  readonly kind: DeployTarget['kind'];
  readonly rollout: RolloutPlan;
  /** What each host ran before this deploy, for the service set current() was asked about. */
  private before: { key: string; releases: Map<string, RunningRelease | undefined> } | undefined;

  constructor(private readonly options: MultiHostOptions) {
    const [first] = options.hosts;
    if (first === undefined) throw new Error('multi-host: no hosts given');
    const names = options.hosts.map((host) => host.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw new Error(`multi-host: ${twice} is given twice`);
    this.kind = first.target.kind;
    this.rollout = { strategy: options.plan.kind, hosts: names };
  }

  describe(): string {
    const { plan, hosts } = this.options;
    const how = plan.kind === 'rolling' ? `rolling, ${batchText(plan.batch)}` : 'recreate, one host after another';
    return `${hosts.length} hosts (${how}): ${hosts.map((host) => host.target.describe()).join('; ')}`;
  }

  /**
   * Checks every host for every service, one after another, and says what runs when every
   * host runs the same; when they differ (a rollout that stopped half-way without its
   * revert), undefined, so the engine goes by its ledger.
   */
  async current(services: readonly ServiceSlot[], log: TargetLog): Promise<RunningRelease | undefined> {
    const releases = new Map<string, RunningRelease | undefined>();
    for (const host of this.options.hosts) releases.set(host.name, await host.target.current(services, log));
    this.before = { key: keyOf(services), releases };
    return agreed([...releases.values()], log, [...releases.keys()]);
  }

  async deploy(request: DeployRequest, log: TargetLog): Promise<HostsRolloutReport> {
    const previous =
      this.before?.key === keyOf(request.services)
        ? this.before.releases
        : (await this.current(request.services, log), this.before!.releases);
    this.before = undefined;
    const { plan } = this.options;
    const clock = this.options.clock ?? systemClock;
    const names = this.options.hosts.map((host) => host.name);
    const batch: BatchSize = plan.kind === 'rolling' ? plan.batch : { kind: 'count', hosts: 1 };
    const hostSteps: HostSteps[] = [];
    const ports = this.ports(request, previous, log, hostSteps);
    const { progress } = request;
    const reporting = progress ? reportingHosts(ports, plan.kind, names.length, progress) : ports;
    const outcome = await runRolling(names, batch, reporting, {
      clock,
      log: { info: (line) => log.info(line), warning: (line) => log.warning(line) },
    });
    const report = reportOf(plan.kind, outcome, hostSteps);
    if (outcome.outcome === 'completed') {
      log.info(`Every host (${names.join(', ')}) runs ${request.version}`);
      return report;
    }
    throw new RolloutFailedError(failureMessage(outcome), report);
  }

  private ports(
    request: DeployRequest,
    previous: Map<string, RunningRelease | undefined>,
    log: TargetLog,
    hostSteps: HostSteps[],
  ): RollingPorts {
    const { plan, checkHost } = this.options;
    const target = (name: string) => this.options.hosts.find((host) => host.name === name)!.target;
    // A host's own target that goes in steps (blue-green) reports them, also when it failed.
    const deployHost = async (host: string, hostRequest: DeployRequest, during: HostSteps['during']) => {
      const keep = (report: RolloutReport | void) => {
        if (report?.strategy === 'blue-green' || report?.strategy === 'canary')
          hostSteps.push({ host, during, report });
      };
      // The rollout reports per host; a host's own steps (blue-green on it) stay in its report.
      const { progress: _perHost, ...own } = hostRequest;
      const report = await target(host)
        .deploy(own, log)
        .catch((error: unknown) => {
          if (error instanceof RolloutFailedError) keep(error.report);
          throw error;
        });
      keep(report);
    };
    const hook = (which: 'before' | 'after') => {
      const script = plan.kind === 'rolling' ? plan.hooks[which] : undefined;
      if (script === undefined) return undefined;
      return (host: string, signal?: AbortSignal) =>
        runHook(
          {
            which,
            script,
            host,
            request,
            timeoutMs: this.options.hookTimeoutMs,
            ...(this.options.env ? { env: this.options.env } : {}),
            ...(signal ? { signal } : {}),
          },
          log,
        );
    };
    const before = hook('before');
    const after = hook('after');
    return {
      ...(before ? { before } : {}),
      deploy: (host) => deployHost(host, request, 'deploy'),
      healthCheck: async (host, signal) =>
        plan.kind === 'rolling' && checkHost ? checkHost(host, request, signal) : { kind: 'healthy' },
      ...(after ? { after } : {}),
      revert: async (host) => {
        log.info(`${host}: putting back what ran before this rollout`);
        await deployHost(host, previousRequest(request, previous.get(host), host), 'revert');
      },
    };
  }
}

function reportOf(
  strategy: MultiHostPlan['kind'],
  outcome: RollingOutcome,
  hostSteps: HostSteps[],
): HostsRolloutReport {
  return {
    strategy,
    outcome: outcome.outcome,
    ...(outcome.outcome === 'completed' ? {} : { reason: outcome.reason }),
    hosts: outcome.hosts,
    ...(hostSteps.length > 0 ? { hostSteps } : {}),
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
  };
}

function failureMessage(outcome: Exclude<RollingOutcome, { outcome: 'completed' }>): string {
  const changed = outcome.hosts.filter((h) => h.status === 'rolled-back' || h.status === 'failed');
  const notBack = changed.filter((h) => h.revert.kind === 'revert-failed');
  const stopped = `The rollout stopped at batch ${outcome.atBatch} of ${outcome.batches.length} (${outcome.reason})`;
  if (notBack.length > 0) {
    return `${stopped}; could NOT put back the previous release on ${notBack
      .map((h) => `${h.host} (${h.revert.kind === 'revert-failed' ? h.revert.error : ''})`)
      .join(', ')}`;
  }
  const back = changed.filter((h) => h.revert.kind === 'reverted').map((h) => h.host);
  return `${stopped}; ${back.length > 0 ? `${back.join(', ')} ${back.length === 1 ? 'is' : 'are'} back on the previous release` : 'no host had changed'}`;
}

function batchText(batch: BatchSize): string {
  return batch.kind === 'count' ? `${batch.hosts} host(s) per batch` : `${batch.percent}% of the hosts per batch`;
}

function keyOf(services: readonly ServiceSlot[]): string {
  return services
    .map((s) => `${s.service}=${s.composeService}=${s.imageVariable}`)
    .sort()
    .join(',');
}

/** The release every host runs, when they agree on every service's image. */
function agreed(releases: (RunningRelease | undefined)[], log: TargetLog, names: string[]): RunningRelease | undefined {
  const [first, ...rest] = releases;
  if (first === undefined) return undefined;
  const images = (release: RunningRelease | undefined) =>
    JSON.stringify(release?.services.map((s) => [s.service, s.imageRef ?? '']).sort() ?? null);
  const differing = rest.findIndex((release) => images(release) !== images(first));
  if (differing === -1) return first;
  log.warning(
    `The hosts do not run the same release (${names[0]}: ${first.version ?? 'unknown'}, ${names[differing + 1]}: ${rest[differing]?.version ?? 'unknown'}); the previous release is taken from the deployment records`,
  );
  return undefined;
}
