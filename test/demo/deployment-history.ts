import { fetchWithTimeout } from '@deploy-kit/http';

/** One deployment of an environment with its statuses, as GitHub's REST API returns them. */
export interface HistoryEntry {
  id: number;
  task: string;
  environment: string;
  sha: string;
  version: string;
  digest: string;
  /** The newest status (GitHub lists statuses newest first); '' when it has none. */
  state: string;
  /** Every status, oldest first. */
  states: string[];
  createdAt: string;
  /** The newest environment_url any status gave: where the deployed environment is reachable ('' if none). */
  environmentUrl: string;
  /** The payload's rolledBackFrom, for rollback deployments. */
  rolledBackFrom?: { version?: string; digest?: string; deploymentId?: number };
  payload: Record<string, unknown>;
}

export interface HistoryQuery {
  /** GITHUB_API_URL, e.g. the fake API's URL. */
  apiUrl: string;
  repository: { owner: string; repo: string };
  token: string;
}

const TIMEOUT_MS = 10_000;

async function getJson(query: HistoryQuery, path: string): Promise<unknown> {
  const { response, body } = await fetchWithTimeout(`${query.apiUrl}${path}`, {
    timeoutMs: TIMEOUT_MS,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${query.token}`,
      'x-github-api-version': '2022-11-28',
    },
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${body.toString('utf8')}`);
  return JSON.parse(body.toString('utf8')) as unknown;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** GitHub may hand a payload back as a JSON string; deploy-kit writes objects. */
function payloadObject(payload: unknown): Record<string, unknown> {
  if (typeof payload === 'string') {
    try {
      return payloadObject(JSON.parse(payload));
    } catch {
      return {};
    }
  }
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
}

/**
 * An environment's deployments, oldest first, read over HTTP the way a user (or
 * `gh api`) would: GET /repos/{owner}/{repo}/deployments?environment=... and each
 * deployment's statuses.
 */
export async function deploymentHistory(query: HistoryQuery, environment: string): Promise<HistoryEntry[]> {
  const { owner, repo } = query.repository;
  const base = `/repos/${owner}/${repo}/deployments`;
  const list = (await getJson(query, `${base}?environment=${encodeURIComponent(environment)}&per_page=100`)) as Record<
    string,
    unknown
  >[];
  const entries: HistoryEntry[] = [];
  for (const deployment of list) {
    const id = deployment.id as number;
    const statuses = (await getJson(query, `${base}/${id}/statuses?per_page=100`)) as Record<string, unknown>[];
    const payload = payloadObject(deployment.payload);
    const rolledBackFrom = payload.rolledBackFrom as HistoryEntry['rolledBackFrom'];
    entries.push({
      id,
      task: text(deployment.task),
      environment: text(deployment.environment),
      sha: text(deployment.sha),
      version: text(payload.version),
      digest: text(payload.digest),
      state: text(statuses[0]?.state),
      states: statuses.map((s) => text(s.state)).reverse(),
      createdAt: text(deployment.created_at),
      environmentUrl: text(statuses.find((s) => text(s.environment_url) !== '')?.environment_url),
      ...(rolledBackFrom ? { rolledBackFrom } : {}),
      payload,
    });
  }
  return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}
