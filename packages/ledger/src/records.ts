import type { DeploymentPayload, DeploymentRecord, DeploymentState, ServiceRecord } from './types';

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
  const services = readServices(object.services) ?? legacyService(text(object.image), text(object.digest));
  const only = services.length === 1 ? services[0] : undefined;
  const payload: DeploymentPayload = {
    version: text(object.version),
    services,
    image: only?.image ?? '',
    digest: only?.digest ?? '',
  };
  const previous = pickVersionDigest(object.previous);
  if (previous) {
    const before = readServices((object.previous as { services?: unknown }).services);
    payload.previous = before
      ? { ...previous, services: before.map(({ service, digest }) => ({ service, digest })) }
      : previous;
  }
  const from = pickVersionDigest(object.rolledBackFrom);
  if (from) {
    const id = (object.rolledBackFrom as { deploymentId?: unknown }).deploymentId;
    payload.rolledBackFrom = typeof id === 'number' ? { ...from, deploymentId: id } : from;
  }
  if (typeof object.reason === 'string') payload.reason = object.reason;
  const rollout = readRollout(object.rollout);
  if (rollout) payload.rollout = rollout;
  return payload;
}

/** A payload's `rollout`, when it has a well-formed one (older payloads have none). */
function readRollout(value: unknown): DeploymentPayload['rollout'] {
  if (!value || typeof value !== 'object') return undefined;
  const { strategy, hosts, steps } = value as Record<string, unknown>;
  if (typeof strategy !== 'string' || !Array.isArray(hosts)) return undefined;
  const plan = { strategy, hosts: hosts.filter((host): host is string => typeof host === 'string') };
  // A canary's weights; a payload without them (older, or not a canary) reads as before.
  if (!Array.isArray(steps)) return plan;
  return { ...plan, steps: steps.filter((weight): weight is number => typeof weight === 'number') };
}

/** The name the single image of an older deploy-kit's payload (`{image, digest, version}`) reads as: the inputs path's one service. */
export const SINGLE_SERVICE = 'app';

/** A payload's `services` list, or undefined when it has none (an older payload, or another tool's). */
function readServices(value: unknown): ServiceRecord[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const services: ServiceRecord[] = [];
  for (const item of value as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const { service, image, digest } = item as Record<string, unknown>;
    if (typeof service === 'string' && typeof digest === 'string')
      services.push({ service, image: typeof image === 'string' ? image : '', digest });
  }
  return services.sort((a, b) => a.service.localeCompare(b.service));
}

function legacyService(image: string, digest: string): ServiceRecord[] {
  return digest ? [{ service: SINGLE_SERVICE, image, digest }] : [];
}

/**
 * The payload a release writes: its services sorted by name, plus the top-level
 * `image`/`digest` of a one-service release that older deploy-kit versions read.
 */
export function releasePayload(
  version: string,
  services: readonly ServiceRecord[],
  extras: Pick<DeploymentPayload, 'previous' | 'rolledBackFrom' | 'reason' | 'rollout'> = {},
): DeploymentPayload {
  const sorted = [...services].sort((a, b) => a.service.localeCompare(b.service));
  const only = sorted.length === 1 ? sorted[0] : undefined;
  return { version, services: sorted, image: only?.image ?? '', digest: only?.digest ?? '', ...extras };
}

/** The key a release's service set is compared by (`api,frontend`): history, previous version and rollback are per set. */
export function serviceSetKey(services: readonly (string | { service: string })[]): string {
  return services
    .map((s) => (typeof s === 'string' ? s : s.service))
    .sort()
    .join(',');
}

/** Whether two payloads put exactly the same images (service by service, by digest). */
export function sameImages(a: DeploymentPayload, b: DeploymentPayload): boolean {
  const digests = (p: DeploymentPayload) => p.services.map((s) => `${s.service}@${s.digest}`).join(' ');
  return a.services.length > 0 && digests(a) === digests(b);
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
  if (wanted.startsWith('sha256:')) return payload.services.some((service) => service.digest === wanted);
  return payload.version !== '' && bare(payload.version) === bare(wanted);
}

/** Whether a deployment was recorded by deploy-kit (its payload names a digest). */
export function isLedgerRecord(deployment: Pick<GitHubDeployment, 'payload'>): boolean {
  return readPayload(deployment.payload).services.some((service) => service.digest !== '');
}
