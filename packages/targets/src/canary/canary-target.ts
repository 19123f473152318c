import { UserError } from '@deploy-kit/action-kit';
import {
  combineMeasurements,
  measureOnce,
  runCanary,
  systemClock,
  type AnalysisSettings,
  type CanaryOutcome,
  type CanaryPlan,
  type Clock,
  type Measurement,
  type StepAnalysis,
} from '@deploy-kit/rollout';
import type { DeployRequest, DeployTarget, RolloutPlan, RunningRelease, ServiceSlot, TargetLog } from '../types';
import { validSshDestination } from '../ssh/ssh-destination';
import { BlueGreenTarget, liveColour, routedService, server } from '../blue-green/blue-green-target';
import { ColourHost, type ColourHostOptions } from '../blue-green/colour-host';
import { otherColour, type Colour } from '../blue-green/colour-scripts';
import type { ColoursState } from '../blue-green/colour-state';
import { StepRecorder, withReport, type CanaryReport } from '../blue-green/rollout-report';
import { RolloutFailedError } from '../multi-host/rollout-failed-error';
import { canaryServers } from '../proxy/nginx-upstream';
import { canaryStepLine } from './step-line';

export interface CanaryOptions extends ColourHostOptions {
  /** `steps` and `pause`. */
  plan: CanaryPlan;
  /**
   * The metric analysis (Prometheus, rules, count, interval, failure-limit, on-inconclusive).
   * Its `health` is not used: the canary's health is checked on the host, on its own port.
   */
  analysis: Omit<AnalysisSettings, 'health'>;
  /** `analysis.health`: also health-check the canary itself at each step. */
  healthInAnalysis: boolean;
  drainTimeoutMs: number;
  /** How long the old stable release stays after a promotion (a rollback is then a switch back). */
  keepMs: number;
  /** The pause and the analysis' waits go through it (tests wait for Prometheus' scrapes in it). */
  clock?: Clock;
}

/**
 * A canary on one ssh-compose host behind nginx: the new release starts beside the stable one
 * (the other colour), is health-checked on its own port, then takes a growing share of the
 * traffic through deploy-kit's weighted upstream, step by step (`runCanary`), each step
 * analysed (Prometheus metrics, and the canary's health). Promoted: it takes all the traffic
 * and the old stable release is kept like blue-green's. Aborted (Argo Rollouts' rules): the
 * weight goes back to 0, the canary is stopped, the stable release keeps serving and the
 * deploy fails.
 */
export class CanaryTarget implements DeployTarget {
  readonly kind = 'ssh-compose';
  /** One host behind its proxy and the weights it goes through, recorded in the ledger's payload before the deploy starts. */
  readonly rollout: RolloutPlan;

  constructor(private readonly options: CanaryOptions) {
    validSshDestination(options.connection);
    this.rollout = { strategy: 'canary', hosts: [options.connection.host], steps: [...options.plan.steps] };
  }

  describe(): string {
    const { host, port, user } = this.options.connection;
    return `ssh-compose ${user}@${host}:${port} ${this.options.project.projectDir} (canary via nginx upstream ${this.options.proxy.upstream})`;
  }

  /** What the live colour runs, read as blue-green reads it. */
  current(services: readonly ServiceSlot[], log: TargetLog): Promise<RunningRelease | undefined> {
    return this.asBlueGreen().current(services, log);
  }

  private asBlueGreen(): BlueGreenTarget {
    return new BlueGreenTarget(this.options);
  }

  /**
   * Returns every step (the weights with their analysis in `canary`); a failure or an abort
   * throws a RolloutFailedError carrying the same report.
   */
  async deploy(request: DeployRequest, log: TargetLog): Promise<CanaryReport> {
    const clock = this.options.clock ?? systemClock;
    const routed = routedService(request, this.options.proxy.upstream);
    const host = new ColourHost(this.options, log);
    const steps = new StepRecorder(() => clock.now());
    const report: CanaryReport = { strategy: 'canary', host: host.host, outcome: 'failed', steps: steps.steps };
    try {
      await this.runSteps(request, routed, host, steps, report, clock, log);
      return report;
    } catch (error) {
      throw withReport(error, report);
    } finally {
      host.close();
    }
  }

  /** The canary's steps, recorded in `report` as they run (the report is the deploy's result either way). */
  private async runSteps(
    request: DeployRequest,
    routed: string,
    host: ColourHost,
    steps: StepRecorder,
    report: CanaryReport,
    clock: Clock,
    log: TargetLog,
  ): Promise<void> {
    const look = await steps.run('look at the host', () => host.look());
    const stable = liveColour(look);
    report.live = stable;
    if (!stable || look.running[stable] === 0) {
      // Nothing takes traffic yet, so there is nothing to compare with: a plain switch.
      log.info('No live release on the host yet: the first release is switched in whole, without canary steps');
      const first = await this.asBlueGreen()
        .deploy(request, log)
        .catch((error: unknown) => {
          if (error instanceof RolloutFailedError && error.report.strategy === 'blue-green')
            report.steps.push(...error.report.steps);
          throw error;
        });
      report.steps.push(...first.steps);
      report.outcome = 'switched';
      report.live = first.live;
      return;
    }
    const stablePort = look.state.colours[stable]?.port;
    if (stablePort === undefined)
      throw new UserError(
        `The live colour ${stable} on ${host.host} has no record; deploy it again with blue-green first`,
      );
    const stableRelease = look.state.colours[stable]?.version ?? stable;
    const canary = otherColour(stable);
    const services = [...new Set(request.services.map((s) => s.composeService))];
    await steps.run(
      `start ${canary} (canary) beside ${stable}`,
      () => host.start(canary, request),
      () => host.composeProject(canary),
    );
    const port = await steps.run(
      `read ${canary}'s port`,
      () => host.port(canary, routed),
      (p) => `127.0.0.1:${p}`,
    );
    const healthy = await steps.run(
      `health check ${canary} on its own port`,
      () => host.healthy(canary, port),
      (ok) => (ok ? `127.0.0.1:${port}${this.options.healthPath} answered` : 'never answered 2xx'),
      (ok) => ok,
    );
    if (!healthy) {
      await host
        .stop(canary, services)
        .catch((error: Error) => log.warning(`Could not stop the canary: ${error.message}`));
      throw new UserError(
        `${request.version} never became healthy on ${host.host} (127.0.0.1:${port}${this.options.healthPath}); no traffic was sent to it, ${stableRelease} keeps the traffic`,
      );
    }
    const state: ColoursState = { colours: { ...look.state.colours } };
    state.colours[canary] = {
      version: request.version,
      services: request.services.map((s) => ({ service: s.service, imageRef: s.imageRef })),
      port,
      startedAt: new Date(clock.now()).toISOString(),
    };
    await steps.run('record the colours', () => host.writeState(state));
    const stableAddress = `127.0.0.1:${stablePort}`;
    const canaryAddress = `127.0.0.1:${port}`;
    const outcome: CanaryOutcome = await runCanary(
      this.options.plan,
      {
        setWeight: (weight) =>
          host.route(
            weight === 0 ? { live: stable } : { live: stable, canary: { colour: canary, weight } },
            canaryServers(stableAddress, canaryAddress, weight),
          ),
        analyse: async (step, signal) => {
          const analysis = await this.analyse(host, canary, port, step.index, clock, log, signal);
          request.progress?.(canaryStepLine(host.host, step, this.options.plan.steps.length, analysis));
          return analysis;
        },
        stopCanary: () => host.stop(canary, services),
      },
      { clock, log },
    );
    report.canary = outcome;
    if (outcome.outcome === 'aborted') {
      report.outcome = 'aborted';
      if (outcome.restore.kind === 'restored') {
        delete state.colours[canary];
        await steps.run('record the colours', () => host.writeState(state));
      }
      const restore =
        outcome.restore.kind === 'restored'
          ? `the weight is back to 0 and the canary is stopped; ${stableRelease} keeps the traffic`
          : `taking the canary out failed: ${outcome.restore.error}`;
      throw new UserError(
        `Canary ${request.version} aborted at step ${outcome.atStep} (${outcome.cause}): ${outcome.reason}; ${restore}`,
      );
    }
    await steps.run(`promote ${canary}`, () => host.route({ live: canary }, [server(port)]));
    report.outcome = 'promoted';
    report.live = canary;
    await steps.run(`drain ${stable}`, () => host.drain(this.options.drainTimeoutMs));
    delete state.colours[canary]?.leftTrafficAt;
    const old = state.colours[stable];
    if (old) old.leftTrafficAt = new Date(clock.now()).toISOString();
    if (this.options.keepMs === 0) {
      await steps.run(`stop ${stable}`, () => host.stop(stable, services));
      delete state.colours[stable];
    }
    await steps.run('record the colours', () => host.writeState(state));
  }

  /**
   * One step's analysis: `count` rounds of the metric measurements (measureOnce) and the
   * canary's own health on the host, combined by Argo Rollouts' rules.
   */
  private async analyse(
    host: ColourHost,
    canary: Colour,
    port: number,
    index: number,
    clock: Clock,
    log: TargetLog,
    signal?: AbortSignal,
  ): Promise<StepAnalysis> {
    const { analysis, healthInAnalysis } = this.options;
    const measurements: Measurement[] = [];
    for (let round = 1; round <= analysis.count; round++) {
      if (round > 1) await clock.sleep(analysis.intervalMs, signal);
      measurements.push(...(await measureOnce({ ...analysis }, { clock, log, ...(signal ? { signal } : {}) })));
      if (healthInAnalysis) {
        const startedAt = clock.now();
        const ok = await host.healthy(canary, port);
        const finishedAt = clock.now();
        measurements.push(
          ok
            ? { kind: 'success', metric: 'health', startedAt, finishedAt }
            : {
                kind: 'failure',
                metric: 'health',
                reason: `127.0.0.1:${port}${this.options.healthPath} gave no 2xx`,
                startedAt,
                finishedAt,
              },
        );
      }
      if (measurements.filter((m) => m.kind === 'failure').length > analysis.failureLimit) break;
    }
    log.info(`Canary step ${index}: ${measurements.length} measurement(s)`);
    return combineMeasurements(measurements, analysis);
  }
}
