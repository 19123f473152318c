/** One service's exact image in a recorded release. */
export interface ServiceRecord {
  /** The model's service name; a single-image payload of an older deploy-kit reads as `app`. */
  service: string;
  image: string;
  digest: string;
}

/**
 * What deploy-kit stores in a GitHub deployment's `payload`: the release's
 * version and every service's image and digest. A one-service release also
 * writes that service's `image` and `digest` at the top, as older deploy-kit
 * versions wrote (and read) them.
 */
export interface DeploymentPayload {
  version: string;
  /** Every service, sorted by name; never empty for a deploy-kit record. */
  services: ServiceRecord[];
  /** The one service's image and digest; '' for a release of several services. */
  image: string;
  digest: string;
  previous?: { version?: string; digest?: string; services?: Array<{ service: string; digest: string }> };
  rolledBackFrom?: { version?: string; digest?: string; deploymentId?: number };
  reason?: string;
  /**
   * How the release is rolled out when it goes in steps (several hosts): the strategy and the
   * hosts in the order they are updated (blue-green and canary: the one host behind its proxy;
   * a canary also its traffic weights, `steps`). Absent in older payloads and for one-step targets.
   * The per-host results end up in the deployment's final status description.
   */
  rollout?: { strategy: string; hosts: string[]; steps?: number[] };
}

export type DeploymentState = 'success' | 'failure' | 'error' | 'inactive' | 'in_progress' | 'queued' | 'pending';

/** One GitHub deployment as the ledger sees it: the record plus its newest status. */
export interface DeploymentRecord {
  id: number;
  sha: string;
  environment: string;
  task: string;
  createdAt: string;
  creator?: string;
  payload: DeploymentPayload;
  /** The newest status; undefined when the deployment has none yet. */
  state?: DeploymentState;
  environmentUrl?: string;
  logUrl?: string;
}

export interface StartRequest {
  sha: string;
  environment: string;
  task: 'deploy' | 'rollback';
  payload: DeploymentPayload;
  environmentUrl?: string;
  description?: string;
  /**
   * GitHub's `production_environment` for the deployment. Default:
   * isProductionEnvironment(environment) (`production` or `prod`, any case),
   * the same rule as pre-deploy-check's `production: auto`; pass the resolved
   * `production` input where an action has one.
   */
  productionEnvironment?: boolean;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface LedgerOptions {
  /** The run's URL, set as every status's log_url. */
  logUrl?: string;
  log?: (line: string) => void;
  /** How many of an environment's newest deployments queries look through (default 100). */
  scanLimit?: number;
  /** How recent a deployment must be for inProgress to consider it running (default 24 h). */
  inProgressWindowMs?: number;
  /** How long succeed()/fail() keep retrying a final status GitHub will not take (default 45 s). */
  finalStatusBudgetMs?: number;
  /** How long the background in_progress (and inactive) writes keep retrying (default 15 s). */
  startStatusBudgetMs?: number;
}

export interface FinalStatusOptions {
  /** Overrides finalStatusBudgetMs, e.g. shorter for a cancelled job the runner will kill soon. */
  budgetMs?: number;
}
