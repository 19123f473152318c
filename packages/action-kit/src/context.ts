import { readFileSync } from 'node:fs';
import { UserError } from './errors';

/**
 * What the runner tells an action about its run, read from the environment
 * when asked (never at import time) so tests can pass their own.
 */
export interface RunContext {
  eventName: string;
  payload: Record<string, unknown>;
  sha: string;
  ref: string;
  repository: string;
  owner: string;
  repo: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
  runId: string;
  runAttempt: string;
  runUrl: string;
  workflow: string;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const payloadRepo = (payload.repository as { full_name?: string } | undefined)?.full_name;
  const repository = env.GITHUB_REPOSITORY || payloadRepo || '';
  const [owner = '', repo = ''] = repository.split('/');
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  const runId = env.GITHUB_RUN_ID || '';
  return {
    eventName: env.GITHUB_EVENT_NAME || '',
    payload,
    sha: env.GITHUB_SHA || '',
    ref: env.GITHUB_REF || '',
    repository,
    owner,
    repo,
    actor: env.GITHUB_ACTOR || '',
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : '',
    workflow: env.GITHUB_WORKFLOW || '',
  };
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read the event payload at ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new UserError(`The event payload at ${path} is not valid JSON`);
  }
}
