/** How a deployment ended, read from its statuses. */
export type Outcome =
  /** Succeeded; `inactive` later (superseded by a newer success) still counts as a success. */
  | 'success'
  | 'failure'
  | 'error'
  /** No final status yet: in_progress, queued, pending, or no status at all. */
  | 'pending';

/** A deploy or a rollback: a rollback is not counted as a deployment by the metrics. */
export type DeploymentKind = 'deploy' | 'rollback';

/** A version and digest a rollback went from or to. */
export interface VersionRef {
  version?: string;
  digest?: string;
  deploymentId?: number;
}

/** One deployment of the ledger as `history` shows it and the metrics count it. */
export interface HistoryEntry {
  id: number;
  environment: string;
  kind: DeploymentKind;
  /** Whether the payload is deploy-kit's (names at least one service's digest) or another tool's. */
  recordedBy: 'deploy-kit' | 'other';
  sha: string;
  version: string;
  /** The one service's image and digest; '' for a release of several services (see `services`). */
  image: string;
  digest: string;
  /** Every service the release put there, sorted by name (an older one-image payload reads as `app`). */
  services: Array<{ service: string; image: string; digest: string }>;
  creator: string;
  createdAt: string;
  outcome: Outcome;
  /** Time of the first success status. */
  succeededAt?: string;
  /** Time of the first failure or error status (after a success: when a rollback marked it failed). */
  failedAt?: string;
  /** From creation to the first final status (success, failure or error), in seconds. */
  durationSeconds?: number;
  /** The deployed commit's committer time, when it was needed and could be read. */
  committedAt?: string;
  /** For a rollback: the deployment it replaced (as its payload names it, resolved to an id when found). */
  rolledBackFrom?: VersionRef;
  /** For a deployment a later rollback replaced: that rollback and what it went back to. */
  rolledBackBy?: { deploymentId: number; version: string; digest: string };
  logUrl?: string;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The four DORA metrics of one environment, as `metrics --json` prints them. */
export interface EnvironmentMetrics {
  environment: string;
  /** Start of the window (ISO 8601). */
  since: string;
  /** Deployments (rollbacks excluded) created in the window, whatever their outcome. */
  deployments: number;
  /** Successful deployments per day; null when the window holds no deployment. */
  deploymentsPerDay: number | null;
  leadTimeMedianSeconds: number | null;
  leadTimeP90Seconds: number | null;
  /** Share (0-1) of finished deployments that failed or were rolled back; null when none finished. */
  changeFailureRate: number | null;
  timeToRestoreMedianSeconds: number | null;
}
