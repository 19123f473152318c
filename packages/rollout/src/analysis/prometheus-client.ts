import { backoffDelay, describeFetchError, fetchWithTimeout, type BackoffOptions } from '@deploy-kit/http';
import { describeError, type Clock } from '../ports';
import { parseQueryData, PrometheusFormatError, type QueryResult } from './prometheus-result';

export interface PrometheusClientOptions {
  /** Base URL of the Prometheus server, e.g. http://127.0.0.1:9090 (a path prefix is kept; user:password@ is sent as Basic auth). */
  url: string;
  /** Budget for one HTTP request, body included. */
  timeoutMs: number;
  /** Attempts and waits for retryable failures (5xx, 429, timeouts, connection errors). */
  retry: BackoffOptions;
  /** Extra headers, e.g. Authorization; never logged. */
  headers?: Record<string, string>;
}

export const DEFAULT_PROMETHEUS_RETRY: BackoffOptions = {
  attempts: 3,
  initialDelayMs: 500,
  factor: 2,
  maxDelayMs: 5000,
};

/**
 * The answer to one instant query, tagged: `ok` with typed data, or `error` with one line
 * saying why (after the retries). Never throws for network or server problems, so the rules
 * can turn an error into an inconclusive measurement; only a cancelled signal rejects.
 */
export type QueryAnswer =
  { kind: 'ok'; result: QueryResult } | { kind: 'error'; cause: ErrorCause; message: string; attempts: number };

/**
 * - `unreachable`: no answer, or 5xx/429, after the retries (it may pass: no data).
 * - `refused`: Prometheus answered that the query is wrong (400 bad_data, 422 execution):
 *   asking again cannot help.
 * - `unreadable`: the answer is not Prometheus' JSON (a proxy's page, another server).
 */
export type ErrorCause = 'unreachable' | 'refused' | 'unreadable';

interface Hooks {
  clock: Clock;
  signal?: AbortSignal;
  /** Told about each retry, e.g. to log it. */
  onRetry?: (message: string, attempt: number, delayMs: number) => void;
}

type Attempt = { kind: 'done'; answer: QueryAnswer } | { kind: 'retryable'; message: string };

/** Runs `query` at the server's current time (GET /api/v1/query; reads change nothing, so retries are safe). */
export async function queryPrometheus(
  options: PrometheusClientOptions,
  query: string,
  hooks: Hooks,
): Promise<QueryAnswer> {
  const endpoint = new URL('api/v1/query', options.url.endsWith('/') ? options.url : `${options.url}/`);
  endpoint.searchParams.set('query', query);
  const headers = { accept: 'application/json', ...basicAuth(endpoint), ...options.headers };
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptQuery(endpoint, options.timeoutMs, headers, hooks.signal);
    if (outcome.kind === 'done') {
      return outcome.answer.kind === 'error' ? { ...outcome.answer, attempts: attempt } : outcome.answer;
    }
    if (attempt >= options.retry.attempts) {
      return { kind: 'error', cause: 'unreachable', message: outcome.message, attempts: attempt };
    }
    const delay = backoffDelay(attempt, options.retry);
    hooks.onRetry?.(outcome.message, attempt, delay);
    await hooks.clock.sleep(delay, hooks.signal);
  }
}

/**
 * fetch refuses URLs with credentials; `http://user:pass@prometheus:9090` becomes a Basic
 * Authorization header, and the URL loses them (so no message can show them).
 */
function basicAuth(endpoint: URL): Record<string, string> {
  if (!endpoint.username && !endpoint.password) return {};
  const pair = `${decodeURIComponent(endpoint.username)}:${decodeURIComponent(endpoint.password)}`;
  endpoint.username = '';
  endpoint.password = '';
  return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

async function attemptQuery(
  endpoint: URL,
  timeoutMs: number,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<Attempt> {
  let status: number;
  let body: Buffer;
  try {
    const answer = await fetchWithTimeout(endpoint, { timeoutMs, headers, signal });
    status = answer.response.status;
    body = answer.body;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // A timeout or a refused/reset connection may pass; retry them.
    return { kind: 'retryable', message: `Prometheus at ${endpoint.origin}: ${describeFetchError(error)}` };
  }
  if (status >= 500 || status === 429) {
    return { kind: 'retryable', message: `Prometheus at ${endpoint.origin} answered HTTP ${status}${errorText(body)}` };
  }
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const envelope = parsed as { status?: unknown; data?: unknown; error?: unknown; errorType?: unknown };
    if (envelope.status !== 'success') {
      const why = typeof envelope.error === 'string' ? envelope.error : `HTTP ${status}`;
      return {
        kind: 'done',
        answer: { kind: 'error', cause: 'refused', message: `Prometheus refused the query: ${why}`, attempts: 1 },
      };
    }
    return { kind: 'done', answer: { kind: 'ok', result: parseQueryData(envelope.data) } };
  } catch (error) {
    const why = error instanceof PrometheusFormatError ? error.message : describeError(error);
    return {
      kind: 'done',
      answer: {
        kind: 'error',
        cause: 'unreadable',
        message: `Prometheus at ${endpoint.origin} sent an unreadable answer (HTTP ${status}): ${why}`,
        attempts: 1,
      },
    };
  }
}

/** Prometheus' own error text from a 5xx JSON body, when there is one. */
function errorText(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown };
    return typeof parsed.error === 'string' ? `: ${parsed.error}` : '';
  } catch {
    return '';
  }
}
