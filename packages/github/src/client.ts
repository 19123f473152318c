import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { isCreatingWrite } from './creating-writes';

export type GitHubClient = InstanceType<typeof Octokit>;

export interface GitHubClientOptions {
  /** API root; GITHUB_API_URL on a runner (GitHub Enterprise Server differs). */
  baseUrl?: string;
  /** Where retries and rate-limit waits are reported (core.info in an action). */
  log?: (line: string) => void;
  /** Budget for one request, headers and body included. */
  timeoutMs?: number;
  /** Retries of idempotent requests after a 5xx or a network error. */
  retries?: number;
  /** How many times to wait out a secondary rate limit before giving up. */
  rateLimitRetries?: number;
  /** Longest retry-after worth waiting for, in seconds; beyond it the request fails. */
  maxRateLimitWaitSeconds?: number;
}

const ThrottledOctokit = Octokit.plugin(retry, throttling);

/**
 * An Octokit for deploy-kit's actions: every request has a timeout; reads and
 * status updates are retried on 5xx and network errors with backoff; writes
 * that create a new object (a deployment) are never retried blindly, because a
 * 5xx may hide a write GitHub applied (callers look it up instead); secondary
 * rate limits are waited out per retry-after, a bounded number of times.
 * Writes stay spaced as GitHub asks (plugin-throttling: at least 1 s apart);
 * callers keep that spacing off their critical path themselves (the ledger
 * sends `in_progress` in the background and retries its status writes with
 * its own budget, passing `request: { retries: 0 }`).
 */
export function createGitHubClient(token: string, options: GitHubClientOptions = {}): GitHubClient {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 120;
  const octokit = new ThrottledOctokit({
    auth: token,
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/$/, ''),
    userAgent: 'deploy-kit',
    log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    request: { fetch: timedFetch(timeoutMs) },
    retry: { retries: options.retries ?? 3 },
    throttle: {
      onRateLimit: (retryAfter: number, request: RequestInfo, _octokit: unknown, retryCount: number) =>
        decideWait('rate limit', retryAfter, request, retryCount, rateLimitRetries, maxWait, log),
      onSecondaryRateLimit: (retryAfter: number, request: RequestInfo, _octokit: unknown, retryCount: number) =>
        decideWait('secondary rate limit', retryAfter, request, retryCount, rateLimitRetries, maxWait, log),
    },
  });
  octokit.hook.before('request', (request) => {
    if (isCreatingWrite(request.method, request.url)) request.request = { ...request.request, retries: 0 };
  });
  octokit.hook.error('request', (error) => {
    const status = (error as { status?: number }).status;
    const request = (error as { request?: RequestInfo }).request;
    if (request && status && status >= 500) log(`GitHub answered ${status} to ${request.method} ${request.url}`);
    throw error;
  });
  return octokit;
}

interface RequestInfo {
  method: string;
  url: string;
}

function decideWait(
  kind: string,
  retryAfter: number,
  request: RequestInfo,
  retryCount: number,
  maxRetries: number,
  maxWait: number,
  log: (line: string) => void,
): boolean {
  if (retryCount >= maxRetries || retryAfter > maxWait) {
    log(
      `GitHub ${kind} hit on ${request.method} ${request.url}; giving up (waited ${retryCount} time(s), retry-after ${retryAfter}s)`,
    );
    return false;
  }
  log(
    `GitHub ${kind} hit on ${request.method} ${request.url}; waiting ${retryAfter}s before retry ${retryCount + 1} of ${maxRetries}`,
  );
  return true;
}

/** fetch with a per-request timeout that also honours a caller's own signal. */
function timedFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      // Octokit would report the abort as "Unknown Error"; say what happened.
      if (timeout.aborted) {
        const url = input instanceof Request ? input.url : String(input);
        throw new Error(`No answer from GitHub within ${timeoutMs}ms (${init?.method ?? 'GET'} ${url})`, {
          cause: error,
        });
      }
      throw error;
    }
  };
}
