import { formatDuration } from '@deploy-kit/action-kit';
import type { Dispatcher } from 'undici';
import { attemptLine } from './attempt-line';
import { nextWait } from './backoff';
import { judge } from './judge';
import { probe } from './probe';
import { sleepUnlessAborted } from './sleep';
import type { AttemptReport, HealthCheckOptions, UrlReport } from './types';
import type { Target } from './urls';

export interface UrlCheckContext {
  options: HealthCheckOptions;
  dispatcher: Dispatcher;
  /** performance.now() when the whole check began: the deadline counts from there. */
  startedAt: number;
  signal: AbortSignal;
  log: (line: string) => void;
  random: () => number;
  /** Why the signal aborted, for the report of a URL that was stopped. */
  stopReason: () => string;
}

/** Below this much time left, a last attempt could not get an answer anyway. */
const FINAL_ATTEMPT_MIN_MS = 100;

/**
 * Polls one URL until it passes `consecutive-successes` times in a row, or
 * max-attempts / the deadline runs out, whichever comes first. When the next
 * wait would cross the deadline, it is shortened once so a last attempt still
 * runs before the deadline.
 */
export async function checkUrl(target: Target, context: UrlCheckContext): Promise<UrlReport> {
  const { options, signal, log } = context;
  const now = () => performance.now() - context.startedAt;
  const attempts: AttemptReport[] = [];
  const url = target.displayUrl;
  let inARow = 0;
  let failuresInARow = 0;
  let lastLatency: number | undefined;
  // Set once the wait was shortened to fit the deadline: that attempt is the last.
  let lastChance = false;
  const stopped = (): UrlReport => {
    const reason = context.stopReason();
    log(`${url}: ${reason} (after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'})`);
    return finish('stopped', reason);
  };
  const finish = (outcome: UrlReport['outcome'], reason: string): UrlReport => ({
    url,
    healthy: outcome === 'healthy',
    outcome,
    reason,
    durationMs: Math.round(now()),
    latencyMs: outcome === 'healthy' ? lastLatency : undefined,
    attempts,
  });

  for (let n = 1; ; n++) {
    if (signal.aborted) return stopped();
    const remaining = Math.round(options.deadlineMs - now());
    const timeoutMs = Math.max(1, Math.min(options.timeoutMs, remaining));
    const startedMs = Math.round(now());
    const result = await probe({
      target,
      method: options.method,
      headers: options.headers,
      body: options.body,
      followRedirects: options.followRedirects,
      timeoutMs,
      dispatcher: context.dispatcher,
      signal,
    });
    if (result.cancelled) return stopped();
    if (timeoutMs < options.timeoutMs && result.failure === `no answer within ${formatDuration(timeoutMs)}`) {
      result.failure = `no answer before the ${formatDuration(options.deadlineMs)} deadline`;
    }
    const problems = judge(result, options);
    const ok = problems.length === 0;
    attempts.push({
      n,
      startedMs,
      status: result.status,
      ...(result.finalUrl === undefined ? {} : { finalUrl: result.finalUrl }),
      latencyMs: result.latencyMs,
      ok,
      error: ok ? undefined : problems.join('; '),
    });

    if (ok) {
      inARow++;
      failuresInARow = 0;
      lastLatency = result.latencyMs;
      if (inARow >= options.consecutiveSuccesses) {
        const streak = options.consecutiveSuccesses > 1 ? ` (${inARow} in a row)` : '';
        log(attemptLine(n, url, result, `healthy${streak}`));
        return finish('healthy', `healthy after ${n} attempt${n === 1 ? '' : 's'}${streak}`);
      }
    } else {
      inARow = 0;
      failuresInARow++;
    }
    const verdict = ok
      ? `passed (${inARow} of ${options.consecutiveSuccesses} in a row)`
      : `failed: ${problems.join('; ')}`;

    if (options.maxAttempts !== undefined && n >= options.maxAttempts) {
      log(attemptLine(n, url, result, verdict, `giving up: max-attempts ${options.maxAttempts} reached`));
      return finish(
        'unhealthy',
        `unhealthy: max-attempts ${options.maxAttempts} reached; last: ${lastWords(attempts)}`,
      );
    }
    let wait = nextWait(failuresInARow, options, context.random);
    let next = `next attempt in ${formatDuration(wait)}`;
    if (now() + wait >= options.deadlineMs) {
      const remaining = options.deadlineMs - now();
      if (lastChance || remaining < FINAL_ATTEMPT_MIN_MS) {
        const deadline = `no time for another attempt before the ${formatDuration(options.deadlineMs)} deadline`;
        log(attemptLine(n, url, result, verdict, `giving up: ${deadline}`));
        const tried = `${n} attempt${n === 1 ? '' : 's'}`;
        return finish('unhealthy', `unhealthy: ${deadline} (${tried}); last: ${lastWords(attempts)}`);
      }
      // The full wait would cross the deadline: wait less, so one last attempt runs
      // before it, starting early enough to get its whole timeout when there is room.
      wait = Math.max(0, Math.min(wait, Math.round(remaining - options.timeoutMs)));
      lastChance = true;
      next = `last attempt in ${formatDuration(wait)}, before the ${formatDuration(options.deadlineMs)} deadline`;
    }
    log(attemptLine(n, url, result, verdict, next));
    await sleepUnlessAborted(wait, signal);
  }
}

function lastWords(attempts: readonly AttemptReport[]): string {
  const last = attempts[attempts.length - 1];
  if (!last) return 'no attempt';
  return last.ok ? 'passed, but not enough times in a row' : (last.error ?? 'failed');
}
