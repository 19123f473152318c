import { formatDuration } from '@deploy-kit/action-kit';
import type { ProbeResult } from './probe';

/**
 * The one log line per attempt: attempt number, URL, what came back, how
 * long it took, and the verdict with why it failed and what happens next.
 */
export function attemptLine(n: number, url: string, result: ProbeResult, verdict: string): string {
  const answer =
    result.status === undefined
      ? 'no answer'
      : `HTTP ${result.status}${result.statusText ? ` ${result.statusText}` : ''}`;
  return `attempt ${n} ${url}: ${answer} in ${formatDuration(result.latencyMs)}: ${verdict}`;
}
