import type { NotifyResult, DeployStatus } from '@deploy-kit/notify';
import type { ReleaseProgress } from '@deploy-kit/engine';
import type { CheckResult } from '@deploy-kit/preflight';
import type { RollbackOn } from './inputs';

/** What the step reports in `result`. */
export type PipelineResult = 'deployed' | 'rolled-back' | 'failed';

/** Where a failed run stopped, for `failed-stage` and the summary. */
export type FailedStage = 'checks' | 'deploy' | 'health-check';

export interface ChecksOutcome {
  results: CheckResult[];
  failures: { check: string; reason: string }[];
  /** What the ledger says the environment runs now. */
  currentVersion?: string;
  /** The version learned from a moving tag's digest (`latest` -> `v1.1.0`), when it differs from the one asked for. */
  version?: string;
}

/** One message the pipeline asked the notify channels to send. */
export interface Notice {
  status: DeployStatus;
  version?: string;
  /** One line on what happened, added under the user's `message`. Never holds secrets or raw errors. */
  detail?: string;
}

export interface SentNotice {
  notice: Notice;
  result?: NotifyResult;
  /** Sending itself broke (a bug): the deploy's outcome still stands. */
  error?: Error;
}

export interface RollbackAttempt {
  progress: ReleaseProgress;
  error?: Error;
}

/**
 * Everything that happened in one run, filled in stage by stage. How the run
 * ended is read from it once, as a ReleaseOutcome (pipelineOutcome in
 * outcome.ts), and every message, output, summary and error from that.
 */
export interface PipelineState {
  environment: string;
  /** The version this run set out to deploy. */
  version: string;
  rollbackOn: RollbackOn;
  result: PipelineResult;
  failedStage?: FailedStage;
  checks?: ChecksOutcome;
  /** The checks could not run at all (a bug: each check reports its own problems). */
  checksError?: Error;
  deploy: ReleaseProgress;
  deployError?: Error;
  rollback?: RollbackAttempt;
  /** Why no rollback was tried after a failed deploy. */
  rollbackSkipped?: string;
  /** The job was cancelled (SIGINT/SIGTERM from the runner) during the deploy. */
  cancelled?: boolean;
  notifications: SentNotice[];
}
