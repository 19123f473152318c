import { UserError } from '@deploy-kit/action-kit';
import type { DeployRequest, DeployTarget, RolloutPlan, RunningRelease, ServiceSlot, TargetLog } from '../types';
import { validSshDestination } from '../ssh/ssh-destination';
import {
  ColourHost,
  ProxyChangeError,
  describeServers,
  type ColourHostOptions,
  type ColoursOnHost,
} from './colour-host';
import { otherColour, type Colour } from './colour-scripts';
import { runsRequest, type ColoursState } from './colour-state';
import { StepRecorder, withReport, type BlueGreenReport } from './rollout-report';

export interface BlueGreenOptions extends ColourHostOptions {
  /** How long requests in flight on the old release may take after the switch (`drain-timeout`). */
  drainTimeoutMs: number;
  /** How long the old release stays beside the live one, so a rollback is a switch back (`keep`). */
  keepMs: number;
}

/**
 * Blue-green on one ssh-compose host behind nginx. The new release starts beside the live one
 * as its own compose project (the other colour), off the public port; it is health-checked on
 * its own port; deploy-kit's upstream file is switched to it (validated by `nginx -t`, then a
 * graceful reload, so the switch is atomic and the old workers finish their requests); the old
 * release is kept for `keep`, so deploying it again (a rollback) is a switch back: no pull, no
 * start. A failure before the switch leaves the live release serving, untouched.
 */
export class BlueGreenTarget implements DeployTarget {
  readonly kind = 'ssh-compose';
  /** One host behind its proxy, recorded in the ledger's payload before the deploy starts. */
  readonly rollout: RolloutPlan;

  constructor(
    private readonly options: BlueGreenOptions,
    private readonly now: () => number = Date.now,
  ) {
    validSshDestination(options.connection);
    this.rollout = { strategy: 'blue-green', hosts: [options.connection.host] };
  }

  describe(): string {
    const { host, port, user } = this.options.connection;
    return `ssh-compose ${user}@${host}:${port} ${this.options.project.projectDir} (blue-green via nginx upstream ${this.options.proxy.upstream})`;
  }

  async current(services: readonly ServiceSlot[], log: TargetLog): Promise<RunningRelease | undefined> {
    const host = new ColourHost(this.options, log);
    try {
      const look = await host.look();
      const live = liveColour(look);
      const release = live ? look.state.colours[live] : undefined;
      if (!release) return undefined;
      return {
        version: release.version,
        services: services.map((slot) => {
          const imageRef = release.services.find((s) => s.service === slot.service)?.imageRef;
          return { service: slot.service, ...(imageRef ? { imageRef, digest: digestOf(imageRef) } : {}) };
        }),
      };
    } finally {
      host.close();
    }
  }

  /**
   * Returns what each step did; a failure throws a RolloutFailedError carrying the same report
   * (the live release keeps the traffic, see the class comment).
   */
  async deploy(request: DeployRequest, log: TargetLog): Promise<BlueGreenReport> {
    const routed = routedService(request, this.options.proxy.upstream);
    const host = new ColourHost(this.options, log);
    const steps = new StepRecorder(this.now);
    const report: BlueGreenReport = { strategy: 'blue-green', host: host.host, outcome: 'failed', steps: steps.steps };
    try {
      await this.switchTo(request, routed, host, steps, report, log);
      return report;
    } catch (error) {
      throw withReport(error, report);
    } finally {
      host.close();
    }
  }

  /** The deploy's steps, recorded in `report` as they run (the report is the deploy's result either way). */
  private async switchTo(
    request: DeployRequest,
    routed: string,
    host: ColourHost,
    steps: StepRecorder,
    report: BlueGreenReport,
    log: TargetLog,
  ): Promise<void> {
    const look = await steps.run('look at the host', () => host.look(), describeLook);
    const live = liveColour(look);
    report.live = live;
    const state: ColoursState = { colours: { ...look.state.colours } };
    if (live && runsRequest(state.colours[live], request) && look.running[live] > 0) {
      // Already taking the traffic (a re-run after a cut connection): make sure nginx has it.
      const port = state.colours[live]!.port;
      await steps.run('route (again) to the live release', () => host.route({ live }, [server(port)]));
      await this.retireOthers(host, steps, state, live, request);
      report.outcome = 'already-live';
      return;
    }
    const next: Colour = live ? otherColour(live) : 'blue';
    const kept = state.colours[next];
    const keptFor = kept?.leftTrafficAt ? this.now() - Date.parse(kept.leftTrafficAt) : 0;
    const switchBack = runsRequest(kept, request) && look.running[next] > 0 && keptFor <= this.options.keepMs;
    let port: number;
    if (switchBack) {
      port = kept!.port;
      log.info(`${request.version} is still running as ${next} (kept): switching back, no pull and no start`);
    } else {
      await steps.run(
        `start ${next} beside ${live ?? 'nothing'}`,
        () => host.start(next, request),
        () => host.composeProject(next),
      );
      port = await steps.run(
        `read ${next}'s port`,
        () => host.port(next, routed),
        (p) => `127.0.0.1:${p}`,
      );
    }
    const healthy = await steps.run(
      `health check ${next} on its own port`,
      () => host.healthy(next, port),
      (ok) => (ok ? `127.0.0.1:${port}${this.options.healthPath} answered` : 'never answered 2xx'),
      (ok) => ok,
    );
    if (!healthy) {
      if (!switchBack) await this.stopQuietly(host, next, request, log);
      throw new UserError(
        `${request.version} never became healthy on ${host.host} (127.0.0.1:${port}${this.options.healthPath} gave no 2xx within ${Math.round(this.options.healthTimeoutMs / 1000)}s); nothing was switched${live ? `, ${state.colours[live]?.version ?? live} keeps the traffic` : ''}`,
      );
    }
    state.colours[next] = {
      version: request.version,
      services: request.services.map((s) => ({ service: s.service, imageRef: s.imageRef })),
      port,
      startedAt: switchBack && kept ? kept.startedAt : new Date(this.now()).toISOString(),
    };
    // Recorded before the switch: a re-run after a cut connection knows what this colour runs.
    // A kept colour is recorded already, so a switch back goes straight to nginx.
    if (!switchBack) await steps.run('record the colours', () => host.writeState(state));
    try {
      await steps.run(
        `switch nginx to ${next}`,
        () => host.route({ live: next }, [server(port)]),
        () => describeServers([server(port)]),
      );
    } catch (error) {
      // nginx refused the file and the previous one is back: the new colour never took traffic.
      // Any other failure (a cut connection) leaves it running, since nginx may route to it
      // now; a re-run reads the upstream file and converges.
      if (error instanceof ProxyChangeError && !switchBack) await this.stopQuietly(host, next, request, log);
      throw error;
    }
    report.live = next;
    report.outcome = switchBack ? 'switched-back' : 'switched';
    // The moment that matters to someone watching: the new release takes the traffic.
    request.progress?.(`blue-green ${host.host}: switch nginx to ${next} done`);
    if (live) {
      await steps.run(
        `drain ${live}`,
        () => host.drain(this.options.drainTimeoutMs),
        (left) => (left ? 'old nginx workers still running at drain-timeout' : 'requests in flight finished'),
      );
    }
    await this.retireOthers(host, steps, state, next, request);
  }

  /**
   * Marks every other colour as out of the traffic (its `keep` starts), and stops it once its
   * `keep` is over (keep: 0s stops it right after the drain).
   */
  private async retireOthers(
    host: ColourHost,
    steps: StepRecorder,
    state: ColoursState,
    live: Colour,
    request: DeployRequest,
  ): Promise<void> {
    const other = otherColour(live);
    const now = this.now();
    delete state.colours[live]?.leftTrafficAt;
    const old = state.colours[other];
    if (old) {
      old.leftTrafficAt ??= new Date(now).toISOString();
      if (now - Date.parse(old.leftTrafficAt) >= this.options.keepMs) {
        await steps.run(`stop ${other} (keep is over)`, () => host.stop(other, composeServices(request)));
        delete state.colours[other];
      }
    }
    await steps.run('record the colours', () => host.writeState(state));
  }

  private async stopQuietly(host: ColourHost, colour: Colour, request: DeployRequest, log: TargetLog) {
    try {
      await host.stop(colour, composeServices(request));
    } catch (error) {
      log.warning(`Could not stop ${host.composeProject(colour)}: ${(error as Error).message}`);
    }
  }
}

export function server(port: number) {
  return { address: `127.0.0.1:${port}`, weight: 100 };
}

/** The colour nginx routes to, from deploy-kit's upstream file (the truth about traffic). */
export function liveColour(look: ColoursOnHost): Colour | undefined {
  const live = look.marker?.live;
  return live === 'blue' || live === 'green' ? live : undefined;
}

function describeLook(look: ColoursOnHost): string {
  const live = liveColour(look);
  return live ? `live: ${live} (${look.state.colours[live]?.version ?? 'unrecorded'})` : 'no live colour yet';
}

function composeServices(request: DeployRequest): string[] {
  return [...new Set(request.services.map((s) => s.composeService))];
}

/**
 * The compose service the upstream routes to: the release's service named like the upstream,
 * else its only service.
 */
export function routedService(request: DeployRequest, upstream: string): string {
  const named = request.services.find((s) => s.service === upstream || s.composeService === upstream);
  if (named) return named.composeService;
  if (request.services.length === 1) return request.services[0]!.composeService;
  throw new UserError(
    `strategy.proxy.upstream: ${upstream} names none of the release's services (${request.services.map((s) => s.service).join(', ')}); name the upstream after the service it routes to`,
  );
}

function digestOf(imageRef: string): string | undefined {
  const at = imageRef.lastIndexOf('@');
  return at >= 0 ? imageRef.slice(at + 1) : undefined;
}
