import type { DeploymentLedger, DeploymentPayload, DeploymentRecord } from '@deploy-kit/ledger';
import type { HealthReport } from '@deploy-kit/health';
import type { BuiltVersionReader, ReleaseHealthCheck } from './expected-version';
import type { MovedServiceTags, MovingTagsSettings } from './moving-tags';
import type {
  DeployRequest,
  DeployTarget,
  RolloutReport,
  RunningRelease,
  ServiceSlot,
  TargetLog,
} from '@deploy-kit/targets';

/**
 * What one deploy or rollback means to do, decided before anything is written:
 * put `request` on the target (`release`), or nothing, because the target
 * already runs it (`already-running`).
 */
export type ReleaseIntent = NewRelease | AlreadyRunning;

/** A release to record and put on the target. */
export interface NewRelease {
  kind: 'release';
  request: DeployRequest;
  /** The commit the deployment record points at. */
  sha: string;
  /** Payload fields only a rollback sets (`rolledBackFrom`, `reason`). */
  payloadExtras?: Pick<DeploymentPayload, 'rolledBackFrom' | 'reason'>;
  /** Description on the deployment record, e.g. `Deploy v1.2.0`. */
  description: string;
}

/** The plan found the target already running what was asked for: nothing to deploy. */
export interface AlreadyRunning {
  kind: 'already-running';
  request: DeployRequest;
  /** The existing record that put it there, if the ledger knows it. */
  record?: DeploymentRecord;
  message: string;
}

export interface TaskContext {
  target: DeployTarget;
  ledger: DeploymentLedger;
  environment: string;
  /** The release's services, sorted by name: the target checks each, the ledger is read for this set. */
  services: readonly ServiceSlot[];
  /** serviceSetKey(services): history, previous version and rollback are per environment and service set. */
  serviceSet: string;
  log: TargetLog;
  /** What the target says it runs now (read from the target once, on first call). */
  running: () => Promise<RunningRelease | undefined>;
}

/**
 * The release task: the part that differs between a deploy and a rollback (as
 * save and restore differ in actions/cache): how the image is chosen, and what
 * else happens once it is live. Everything else (previous release, ledger
 * record, target, health, outcome) is the one flow in runRelease. Not a rollout
 * strategy (recreate, blue-green, canary): those decide how a release reaches
 * the hosts, whichever task it is.
 */
export interface ReleaseTask {
  readonly kind: 'deploy' | 'rollback';
  intent(context: TaskContext): Promise<ReleaseIntent>;
  /** Reads the version a deployed image was built as, for expect-version: true (see expectedVersions). */
  readonly readBuiltVersion?: BuiltVersionReader;
  /**
   * Runs once the record is marked successful (the image applied, health
   * passed). Best effort: a failure here is a warning, never a failed release.
   */
  afterSuccess?(record: DeploymentRecord, context: TaskContext): Promise<void>;
}

export interface ReleaseDependencies {
  target: DeployTarget;
  ledger: DeploymentLedger;
  environment: string;
  /** Every service the release puts on the target (the inputs path: the one service `app`). */
  services: readonly ServiceSlot[];
  environmentUrl?: string;
  /**
   * GitHub's `production_environment` for the record. Undefined: the ledger's
   * default rule (isProductionEnvironment: `production` or `prod`).
   */
  productionEnvironment?: boolean;
  /** One check per service with health URLs (the inputs path: at most one); all must pass. */
  health?: readonly ReleaseHealthCheck[];
  /** Move the moving tags once a deploy is healthy; undefined: no tag moves. */
  movingTags?: MovingTagsSettings;
  log: TargetLog;
  /**
   * Aborts when the job is cancelled: the health check stops, the record is
   * ended as failure with the reason (`Cancelled (SIGTERM)`), and the reason
   * is thrown. The action's boundary (runAction) owns the signal.
   */
  signal?: AbortSignal;
}

/**
 * What happened, filled in as the flow goes so a failure summary can still
 * say how far it got.
 */
export interface ReleaseProgress {
  intent?: ReleaseIntent;
  previous?: RunningRelease;
  record?: DeploymentRecord;
  health?: HealthReport;
  /** Set once the target reported the image applied. */
  deployed?: boolean;
  /** What each step of a rollout did (several hosts), whether it completed or not. */
  rollout?: RolloutReport;
  outcome?: 'success' | 'failure' | 'already-running';
  /** The moving tags a healthy deploy moved, per service. */
  movedTags?: MovedServiceTags[];
  /** The deployment GitHub would not give a final status (success or failure), if any. */
  finalStatusMissing?: number;
}
