import type { HealthCheckOptions } from '@deploy-kit/health';
import type { HostResult } from '@deploy-kit/rollout';
import type { ProxyRolloutReport } from './blue-green/rollout-report';

/**
 * Where one service goes on a target: what the engine knows about a service
 * before its image is resolved (enough for a target to check the host).
 */
export interface ServiceSlot {
  /** The model's service name, e.g. `api` (inputs path: `app`). */
  service: string;
  /**
   * The compose service (default: the service name). The inputs path's target
   * restarts the `services` input's compose services instead (see ssh-compose).
   */
  composeService: string;
  /** The variable the compose file names the image with, e.g. `API_IMAGE` (inputs path: the `image-variable` input, default `IMAGE`). */
  imageVariable: string;
}

/** One service's exact image in a release; always pinned by digest. */
export interface ServiceImage extends ServiceSlot {
  /** The image as named, e.g. `ghcr.io/acme/shop/api:v1.2.0`. */
  image: string;
  /** `sha256:...` */
  digest: string;
  /** `<repository>@<digest>`: what the target runs. */
  imageRef: string;
}

/** Every service of one release, applied to a target in ONE operation. */
export interface DeployRequest {
  version: string;
  environment: string;
  /** One or more, sorted by service name; all are applied in ONE operation. */
  services: ServiceImage[];
  /** Credentials the target host needs to pull the images, if any. */
  registryAuth?: { registry: string; username: string; password: string };
  /** The GitHub deployment (ledger record) this deploy belongs to, when the engine passes it (Kubernetes annotates it). */
  deploymentId?: number;
  /** The engine's task; a rollback goes back in one step, never as a canary (Kubernetes rolls it). */
  task?: 'deploy' | 'rollback';
  /**
   * expect-version: true's answer, per service name: the version each service must report, as
   * the engine resolved it (the version its deployed image was built as, which for a promoted
   * release is the prerelease's; see packages/engine expectedVersions). A target that checks
   * hosts itself (a rolling rollout's per-host check) holds its checks to these, never to
   * `version`. Absent: no check expects a built version.
   */
  expectVersions?: Readonly<Record<string, string>>;
  /**
   * Told, while a target that goes in steps runs, each step that ended, as one short line in the
   * words of the summary's step table (e.g. `rolling: b updated (2 of 3 hosts)`, `canary app1:
   * 50% (step 2 of 3), analysis passed`); the engine writes it to the ledger. Must return at once
   * and never throw. Absent: nobody is listening.
   */
  progress?: (line: string) => void;
}

/**
 * An environment's health check as a target gets it from the settings. `expectBuiltVersionOf`
 * (expect-version: true) names the service whose deployed image decides the version that must
 * answer; the engine resolves it before the deploy and passes it in DeployRequest.expectVersions.
 */
export interface TargetHealthCheck extends HealthCheckOptions {
  expectBuiltVersionOf?: string;
}

/** What one service runs now; any field may be unknown. */
export interface RunningService {
  service: string;
  imageRef?: string;
  digest?: string;
}

/** What a target says it runs now, per service; any field may be unknown. */
export interface RunningRelease {
  version?: string;
  services: RunningService[];
}

/**
 * Where deploy and rollback output goes. Targets never talk to @actions/core
 * themselves, so they can be driven from the CLI or tests just as well.
 */
export interface TargetLog {
  info(line: string): void;
  warning(line: string): void;
  /** Runs `work` inside a collapsible log group. */
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

/**
 * A place a release's images can be deployed to. Implementations own every
 * detail of how (SSH + compose, a user script); the engine only ever sees
 * this interface.
 */
export interface DeployTarget {
  /** The `target` input value (or the config file's `target.kind`) that selects this implementation. */
  readonly kind: 'ssh-compose' | 'command' | 'kubernetes';
  /** One line for logs and summaries, e.g. `ssh-compose deploy@web1:22 /srv/shop`. Never secrets. */
  describe(): string;
  /** How a target that rolls out in steps will go (recorded in the ledger's payload before it starts). */
  readonly rollout?: RolloutPlan;
  /**
   * Checks the target for EVERY service in `services` before anything
   * changes (ssh-compose: the project, the compose file, each compose service
   * and image variable; one error naming what is missing), then reports what
   * runs now for that service set, or undefined when the target cannot tell
   * (the ledger is used instead). A `ServiceImage[]` is a `ServiceSlot[]`.
   */
  current(services: readonly ServiceSlot[], log: TargetLog): Promise<RunningRelease | undefined>;
  /**
   * Optional: starts what current() will need (ssh-compose: the SSH
   * connection) without reading or changing anything, so it overlaps work
   * that runs before. Never throws; a failure is current()'s to report.
   */
  prepare?(): void;
  /**
   * Applies all services at once; resolves only once the target reports them
   * applied. On failure puts ALL of them back to what ran before, then throws.
   * A target that rolls out in steps (several hosts, a proxy) returns what each
   * step did; when it fails, the error is a RolloutFailedError carrying it.
   */
  deploy(request: DeployRequest, log: TargetLog): Promise<RolloutReport | void>;
}

/**
 * What a deploy over several hosts did, host by host (packages/rollout's HostResult: updated,
 * failed in a phase, rolled back, not started; each with its times and how its revert went):
 * - `completed`: every host runs the new release;
 * - `rolled-back`: a host failed; the rollout stopped and every host it had changed is back on
 *   the previous release (`reason` says which host, in which phase, and why);
 * - `rollback-failed`: as rolled-back, but some host could not be put back (see its `revert`).
 */
export interface HostsRolloutReport {
  strategy: 'recreate' | 'rolling';
  outcome: 'completed' | 'rolled-back' | 'rollback-failed';
  reason?: string;
  /** In the order the hosts are configured. */
  hosts: HostResult[];
  /**
   * The steps each host's own target reported (per-host: blue-green: start beside, check, switch,
   * drain), in the order they ran: a host's deploy, and its revert when it was put back. Absent
   * when the hosts' targets report no steps (recreate on each host).
   */
  hostSteps?: HostSteps[];
  /** Milliseconds since the epoch. */
  startedAt: number;
  finishedAt: number;
}

/** One host's step report within a rollout over several hosts: of its deploy, or of putting it back. */
export interface HostSteps {
  host: string;
  during: 'deploy' | 'revert';
  report: ProxyRolloutReport;
}

/** A rollout's strategy and its hosts in the order they are updated, known before it starts. */
export interface RolloutPlan {
  strategy: string;
  hosts: string[];
  /** A canary's traffic weights in percent, in order (e.g. [10, 50, 100]). */
  steps?: number[];
}

/**
 * Step by step results of a deploy, tagged by `strategy`, for the outcome, summary, ledger and
 * notifications: per host (recreate, rolling over several hosts), or the steps of a blue-green
 * or canary deploy on one host behind its proxy.
 */
export type RolloutReport = HostsRolloutReport | ProxyRolloutReport;
