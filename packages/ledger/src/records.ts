import type { DeploymentPayload, DeploymentRecord, DeploymentState } from './types';

/** The fields of GitHub's deployment object the ledger reads. */
export interface GitHubDeployment {
  id: number;
  sha: string;
  environment: string;
  task: string;
  created_at: string;
  creator: { login: string } | null;
  payload: unknown;
}

/** The fields of GitHub's deployment status object the ledger reads. */
export interface GitHubDeploymentStatus {
  id: number;
  state: string;
  environment_url?: string;
  log_url?: string;
  target_url: string;
}

/** A deployment with its statuses, newest first. */
export interface LoadedDeployment {
  record: DeploymentRecord;
  /** Every state the deployment has had, newest first. */
  history: DeploymentState[];
}

/** Key of the one-time token a ledger write stores in the payload to find its own deployment again. */
export const REQUEST_KEY = 'deployKitRequest';

export function toRecord(deployment: GitHubDeployment, statuses: readonly GitHubDeploymentStatus[]): LoadedDeployment {
  const latest = statuses[0];
  const environmentUrl = statuses.find((s) => s.environment_url)?.environment_url;
  const logUrl = latest ? latest.log_url || latest.target_url || undefined : undefined;
  const record: DeploymentRecord = {
    id: deployment.id,
    sha: deployment.sha,
    environment: deployment.environment,
    task: deployment.task,
    createdAt: deployment.created_at,
    payload: readPayload(deployment.payload),
  };
  if (deployment.creator?.login) record.creator = deployment.creator.login;
  if (latest) record.state = latest.state as DeploymentState;
  if (environmentUrl) record.environmentUrl = environmentUrl;
  if (logUrl) record.logUrl = logUrl;
  return { record, history: statuses.map((s) => s.state as DeploymentState) };
}

/**
 * Reads a payload defensively: deployments made by other tools (or by GitHub
 * for a job's `environment:`) have an empty or different payload.
 */
export function readPayload(raw: unknown): DeploymentPayload {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      value = {};
    }
  }
  const object = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const payload: DeploymentPayload = {
    image: text(object.image),
    digest: text(object.digest),
    version: text(object.version),
  };
  const previous = pickVersionDigest(object.previous);
  if (previous) payload.previous = previous;
  const from = pickVersionDigest(object.rolledBackFrom);
  if (from) {
    const id = (object.rolledBackFrom as { deploymentId?: unknown }).deploymentId;
    payload.rolledBackFrom = typeof id === 'number' ? { ...from, deploymentId: id } : from;
  }
  if (typeof object.reason === 'string') payload.reason = object.reason;
  return payload;
}

function pickVersionDigest(value: unknown): { version?: string; digest?: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { version, digest } = value as { version?: unknown; digest?: unknown };
  const out: { version?: string; digest?: string } = {};
  if (typeof version === 'string') out.version = version;
  if (typeof digest === 'string') out.digest = digest;
  return out;
}

/** True for a deployment that worked and has not been marked failed since. */
export function wasSuccessful(loaded: LoadedDeployment): boolean {
  const latest = loaded.history[0];
  return loaded.history.includes('success') && (latest === 'success' || latest === 'inactive');
}

/** `v1.2.0` and `1.2.0` name the same version; digests compare exactly. */
export function matchesVersionOrDigest(payload: DeploymentPayload, wanted: string): boolean {
  const bare = (v: string) => v.replace(/^v(?=\d)/, '');
  if (wanted.startsWith('sha256:')) return payload.digest === wanted;
  return payload.version !== '' && bare(payload.version) === bare(wanted);
}

/** Whether a deployment was recorded by deploy-kit (its payload names a digest). */
export function isLedgerRecord(deployment: Pick<GitHubDeployment, 'payload'>): boolean {
  return readPayload(deployment.payload).digest !== '';
}
