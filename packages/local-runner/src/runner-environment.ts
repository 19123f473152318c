import { execFileSync } from 'node:child_process';
import type { ContextValue } from './expressions';

type Payload = Record<string, unknown>;

function at(payload: Payload, ...path: string[]): string | undefined {
  let value: unknown = payload;
  for (const key of path) value = value && typeof value === 'object' ? (value as Payload)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The commit checked out in `cwd`, or undefined outside a git checkout. */
export function gitHead(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A release's target_commitish when it is a commit sha. A branch name (main) says
 * which commit only at publishing time, so then the checkout's HEAD is taken, as
 * `deploy-kit plan` does too.
 */
function releaseCommit(payload: Payload): string | undefined {
  const commitish = at(payload, 'release', 'target_commitish');
  return commitish && /^[0-9a-f]{40}$/i.test(commitish) ? commitish : undefined;
}

/** The ref GitHub sets for an event, when the payload says it. */
function refFromEvent(eventName: string, payload: Payload): string | undefined {
  if (eventName === 'release') {
    const tag = at(payload, 'release', 'tag_name');
    return tag ? `refs/tags/${tag}` : undefined;
  }
  if (eventName === 'pull_request') {
    const number = (payload.pull_request as { number?: number } | undefined)?.number;
    return number ? `refs/pull/${number}/merge` : undefined;
  }
  return at(payload, 'ref');
}

export interface RunnerEnvironmentOptions {
  eventName: string;
  event: Payload;
  workspace: string;
  /** Values the user gave (--env): they win over everything derived. */
  overrides?: Record<string, string>;
}

/**
 * The GITHUB_* variables a job on GitHub would see, derived from the event
 * payload where GitHub derives them, so a local run looks like a real one.
 */
export function runnerEnvironment(options: RunnerEnvironmentOptions): Record<string, string> {
  const { eventName, event, workspace, overrides = {} } = options;
  const repository = at(event, 'repository', 'full_name') ?? 'local/repository';
  const sha =
    at(event, 'after') ??
    at(event, 'pull_request', 'head', 'sha') ??
    at(event, 'head_commit', 'id') ??
    releaseCommit(event) ??
    gitHead(workspace) ??
    '0000000000000000000000000000000000000000';
  const ref = refFromEvent(eventName, event) ?? 'refs/heads/main';
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? '',
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_ACTOR: at(event, 'sender', 'login') ?? 'local-user',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'local',
    GITHUB_WORKSPACE: workspace,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'deploy-kit-local',
    ...overrides,
  };
}

/** The `github` expression context matching those variables. */
export function githubContext(env: Record<string, string>, event: Payload, token: string): ContextValue {
  return {
    event: event as ContextValue,
    event_name: env.GITHUB_EVENT_NAME,
    repository: env.GITHUB_REPOSITORY,
    repository_owner: env.GITHUB_REPOSITORY_OWNER,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    ref_name: env.GITHUB_REF_NAME,
    actor: env.GITHUB_ACTOR,
    triggering_actor: env.GITHUB_ACTOR,
    server_url: env.GITHUB_SERVER_URL,
    api_url: env.GITHUB_API_URL,
    graphql_url: env.GITHUB_GRAPHQL_URL,
    run_id: env.GITHUB_RUN_ID,
    run_number: env.GITHUB_RUN_NUMBER,
    run_attempt: env.GITHUB_RUN_ATTEMPT,
    workflow: env.GITHUB_WORKFLOW,
    workspace: env.GITHUB_WORKSPACE,
    head_ref: env.GITHUB_HEAD_REF ?? '',
    base_ref: env.GITHUB_BASE_REF ?? '',
    token,
  };
}
