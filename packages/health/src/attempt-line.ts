import { formatDuration } from '@deploy-kit/action-kit';
import type { ProbeResult } from './probe';

/**
 * The one log line per attempt: attempt number, URL, what came back (or that
 * nothing did), how long it took, the verdict with why it failed, and what
 * happens next; after redirects, also the URL that answered. `outcome` is e.g. `healthy`, `passed (1 of 3 in a row)` or
 * `not ready: status 503 is not 200-299` or
 * `failed (1 of 3 in a row): status is "unhealthy", expected "ok"`.
 */
export function attemptLine(n: number, url: string, result: ProbeResult, outcome: string, next?: string): string {
  const took = formatDuration(result.latencyMs);
  const tail = next ? `; ${next}` : '';
  if (result.finalUrl !== undefined) url = `${url} (redirected to ${result.finalUrl})`;
  if (result.status === undefined) {
    // No answer is never a verdict on the release: `not ready after 5s: no answer within 5s`.
    return `attempt ${n} ${url}: ${outcome.replace(/^not ready: /, `not ready after ${took}: `)}${tail}`;
  }
  const answer = `HTTP ${result.status}${result.statusText ? ` ${result.statusText}` : ''}`;
  return `attempt ${n} ${url}: ${answer} in ${took}: ${outcome}${tail}`;
}
