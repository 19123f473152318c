import type { MatchedRequest } from './openapi-validator';
import type { Representations } from './representations';
import {
  nextId,
  nextTimestamp,
  type DeploymentStatusState,
  type FakeGitHubState,
  type StoredDeployment,
} from './state';

export interface HandlerResult {
  status: number;
  body?: unknown;
  /** Items for list endpoints, paginated by the server. */
  items?: unknown[];
  /** Wraps a page of items into the body (e.g. `{ total_count, environments }`). */
  wrap?: (page: unknown[], total: number) => unknown;
}

type Handler = (request: MatchedRequest, body: Record<string, unknown>) => HandlerResult;

/** Serves the operations deploy-kit uses, keyed by GitHub's operationId. */
export function createHandlers(state: FakeGitHubState, view: Representations): Record<string, Handler> {
  const notFound = (): HandlerResult => ({ status: 404, body: view.error('Not Found', 404) });
  const findDeployment = (id: string | undefined) => state.deployments.find((d) => String(d.id) === id);
  const newestFirst = <T extends { id: number }>(list: T[]): T[] => [...list].sort((a, b) => b.id - a.id);

  return {
    'repos/get': () => ({ status: 200, body: view.fullRepository() }),

    'repos/list-deployments': ({ query }) => {
      const matches = state.deployments.filter(
        (d) =>
          (query.sha === undefined || d.sha === query.sha) &&
          (query.ref === undefined || d.ref === query.ref) &&
          (query.task === undefined || d.task === query.task) &&
          (query.environment === undefined || d.environment === query.environment),
      );
      return { status: 200, items: newestFirst(matches).map((d) => view.deployment(d)) };
    },

    'repos/create-deployment': (_request, body) => {
      const environment = typeof body.environment === 'string' ? body.environment : 'production';
      const at = nextTimestamp();
      const deployment: StoredDeployment = {
        id: nextId(),
        sha: String(body.ref),
        ref: String(body.ref),
        task: typeof body.task === 'string' ? body.task : 'deploy',
        environment,
        originalEnvironment: environment,
        description: typeof body.description === 'string' ? body.description : null,
        payload: parsePayload(body.payload),
        transientEnvironment: body.transient_environment === true,
        productionEnvironment:
          typeof body.production_environment === 'boolean' ? body.production_environment : environment === 'production',
        createdAt: at,
        updatedAt: at,
        creator: state.login,
      };
      state.deployments.push(deployment);
      // GitHub creates an environment the first time a deployment names it.
      if (!state.environments.some((e) => e.name === environment)) {
        state.environments.push({ id: nextId(), name: environment, protectionRules: [], createdAt: at });
      }
      return { status: 201, body: view.deployment(deployment) };
    },

    'repos/get-deployment': ({ params }) => {
      const deployment = findDeployment(params.deployment_id);
      return deployment ? { status: 200, body: view.deployment(deployment) } : notFound();
    },

    'repos/list-deployment-statuses': ({ params }) => {
      const deployment = findDeployment(params.deployment_id);
      if (!deployment) return notFound();
      const statuses = newestFirst(state.statuses.filter((s) => s.deploymentId === deployment.id));
      return { status: 200, items: statuses.map((s) => view.deploymentStatus(s)) };
    },

    'repos/create-deployment-status': ({ params }, body) => {
      const deployment = findDeployment(params.deployment_id);
      if (!deployment) return notFound();
      const statusState = body.state as DeploymentStatusState;
      const logUrl =
        typeof body.log_url === 'string' ? body.log_url : typeof body.target_url === 'string' ? body.target_url : '';
      const status = {
        id: nextId(),
        deploymentId: deployment.id,
        state: statusState,
        description: typeof body.description === 'string' ? body.description : '',
        environment: typeof body.environment === 'string' ? body.environment : deployment.environment,
        logUrl,
        environmentUrl: typeof body.environment_url === 'string' ? body.environment_url : '',
        createdAt: nextTimestamp(),
        creator: state.login,
      };
      state.statuses.push(status);
      deployment.updatedAt = status.createdAt;
      if (statusState === 'success' && body.auto_inactive !== false) autoInactivate(state, deployment);
      return { status: 201, body: view.deploymentStatus(status) };
    },

    'repos/get-all-environments': () => ({
      status: 200,
      items: state.environments.map((e) => view.environment(e)),
      wrap: (page, total) => ({ total_count: total, environments: page }),
    }),

    'repos/get-environment': ({ params }) => {
      const environment = state.environments.find((e) => e.name === params.environment_name);
      return environment ? { status: 200, body: view.environment(environment) } : notFound();
    },

    'repos/get-combined-status-for-ref': ({ params }) => ({
      status: 200,
      body: view.combinedStatus(params.ref ?? '', state.commitStatuses.get(params.ref ?? '') ?? []),
    }),

    'checks/list-for-ref': ({ params, query }) => {
      const runs = (state.checkRuns.get(params.ref ?? '') ?? []).filter(
        (r) =>
          (query.check_name === undefined || r.name === query.check_name) &&
          (query.status === undefined || r.status === query.status),
      );
      return {
        status: 200,
        items: runs.map((r) => view.checkRun(params.ref ?? '', r)),
        wrap: (page, total) => ({ total_count: total, check_runs: page }),
      };
    },

    'repos/list-releases': () => ({ status: 200, items: newestFirst(state.releases).map((r) => view.release(r)) }),

    'repos/get-release-by-tag': ({ params }) => {
      const release = state.releases.find((r) => r.tag === params.tag && !r.draft);
      return release ? { status: 200, body: view.release(release) } : notFound();
    },

    'repos/get-release': ({ params }) => {
      const release = state.releases.find((r) => String(r.id) === params.release_id);
      return release ? { status: 200, body: view.release(release) } : notFound();
    },
  };
}

/**
 * GitHub's `auto_inactive` (default true): earlier successful deployments of
 * the same environment become inactive, but only for non-transient,
 * non-production environments. Production deployments keep `success` unless
 * the client marks them inactive itself.
 */
function autoInactivate(state: FakeGitHubState, current: StoredDeployment): void {
  if (current.productionEnvironment || current.transientEnvironment) return;
  for (const other of state.deployments) {
    if (
      other.id === current.id ||
      other.environment !== current.environment ||
      other.productionEnvironment ||
      other.transientEnvironment
    )
      continue;
    const latest = latestStatus(state, other.id);
    if (latest?.state !== 'success') continue;
    state.statuses.push({ ...latest, id: nextId(), state: 'inactive', createdAt: nextTimestamp(), description: '' });
  }
}

export function latestStatus(state: FakeGitHubState, deploymentId: number) {
  let latest: FakeGitHubState['statuses'][number] | undefined;
  for (const s of state.statuses) if (s.deploymentId === deploymentId && (!latest || s.id > latest.id)) latest = s;
  return latest;
}

function parsePayload(payload: unknown): Record<string, unknown> | string {
  if (payload && typeof payload === 'object') return payload as Record<string, unknown>;
  if (typeof payload === 'string' && payload !== '') {
    try {
      const parsed: unknown = JSON.parse(payload);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      return payload;
    }
  }
  return {};
}
