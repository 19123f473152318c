import type { DeploymentLedger, DeploymentPayload, DeploymentRecord } from '@deploy-kit/ledger';
import type { HealthCheckOptions, HealthReport } from '@deploy-kit/health';
import type { DeployRequest, DeployTarget, RunningRelease, TargetLog } from '../types';

/** What one deploy or rollback will put where, decided before anything is written. */
export interface ReleasePlan {
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
  alreadyRunning: true;
  request: DeployRequest;
  /** The existing record that put it there, if the ledger knows it. */
  record?: DeploymentRecord;
  message: string;
}

export interface PlanContext {
  target: DeployTarget;
  ledger: DeploymentLedger;
  environment: string;
  log: TargetLog;
  /** What the target says it runs now (read from the target once, on first call). */
  running: () => Promise<RunningRelease | undefined>;
}

/**
 * The part that differs between deploy and rollback (as save and restore
 * differ in actions/cache): how the image is chosen, and what else happens
 * once it is live. Everything else — previous release, ledger record, target,
 * health, outcome — is the one flow in runRelease.
 */
export interface ReleaseStrategy {
  readonly task: 'deploy' | 'rollback';
  plan(context: PlanContext): Promise<ReleasePlan | AlreadyRunning>;
  /**
   * Runs once the record is marked successful (the image applied, health
   * passed). Best effort: a failure here is a warning, never a failed release.
   */
  afterSuccess?(record: DeploymentRecord, context: PlanContext): Promise<void>;
}

export interface ReleaseDependencies {
  target: DeployTarget;
  ledger: DeploymentLedger;
  environment: string;
  environmentUrl?: string;
  /**
   * GitHub's `production_environment` for the record. Undefined: the ledger's
   * default rule (isProductionEnvironment: `production` or `prod`).
   */
  productionEnvironment?: boolean;
  health?: HealthCheckOptions;
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
  plan?: ReleasePlan | AlreadyRunning;
  previous?: RunningRelease;
  record?: DeploymentRecord;
  health?: HealthReport;
  /** Set once the target reported the image applied. */
  deployed?: boolean;
  outcome?: 'success' | 'failure' | 'already-running';
  /** The deployment GitHub would not give a final status (success or failure), if any. */
  finalStatusMissing?: number;
}
