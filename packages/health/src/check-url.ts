import { formatDuration } from '@deploy-kit/action-kit';
import { redactUrlsInText } from '@deploy-kit/http';
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

/**
 * The shortest attempt worth making before the deadline (or the timeout, when
 * shorter). Waits are clipped so the last attempt starts at least this long
 * before the deadline; with less left than this the check gives up.
 */
const LAST_ATTEMPT_MS = 500;

/**
 * Polls one URL until it passes `consecutive-successes` times in a row
 * (healthy), or fails a check `failure-threshold` times in a row
 * (unhealthy at once: the release itself answered, see AttemptKind), or
 * max-attempts or the deadline runs out. "Not ready" answers are polled
 * through until the deadline: waits and timeouts are clipped to the time
 * left, so the check uses the whole deadline and never runs past it.
 */
export async function checkUrl(target: Target, context: UrlCheckContext): Promise<UrlReport> {
  const { options, signal, log } = context;
  const now = () => performance.now() - context.startedAt;
  const attempts: AttemptReport[] = [];
  const url = target.displayUrl;
  const deadline = formatDuration(options.deadlineMs);
  const reserve = Math.min(LAST_ATTEMPT_MS, options.timeoutMs);
  let inARow = 0;
  let failedInARow = 0;
  let notPassedInARow = 0;
  let lastLatency: number | undefined;
  const stopped = (): UrlReport => {
    const reason = context.stopReason();
    log(`${url}: ${reason} (after ${plural(attempts.length, 'attempt')})`);
    return finish('stopped', reason);
  };
  // `endMs` is the moment the reason's "after …" was read, so both report the same elapsed time.
  const finish = (outcome: UrlReport['outcome'], reason: string, endMs = now()): UrlReport => ({
    url,
    healthy: outcome === 'healthy',
    outcome,
    reason,
    durationMs: Math.round(endMs),
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
      result.failure = `no answer before the ${deadline} deadline`;
    }
    const verdict = judge(result, options);
    const problems =
      verdict.kind === 'healthy' ? [] : verdict.problems.map((p) => redactUrlsInText(p, options.redactQueryParams));
    const error = problems.length ? problems.join('; ') : undefined;
    attempts.push({
      n,
      startedMs,
      status: result.status,
      ...(result.finalUrl === undefined ? {} : { finalUrl: result.finalUrl }),
      latencyMs: result.latencyMs,
      ok: verdict.kind === 'healthy',
      kind: verdict.kind,
      ...(error === undefined ? {} : { error }),
    });

    inARow = verdict.kind === 'healthy' ? inARow + 1 : 0;
    failedInARow = verdict.kind === 'failed' ? failedInARow + 1 : 0;
    notPassedInARow = verdict.kind === 'healthy' ? 0 : notPassedInARow + 1;
    if (verdict.kind === 'healthy') lastLatency = result.latencyMs;

    if (inARow >= options.consecutiveSuccesses) {
      const streak = options.consecutiveSuccesses > 1 ? ` (${inARow} in a row)` : '';
      log(attemptLine(n, url, result, `healthy${streak}`));
      return finish('healthy', `healthy after ${plural(n, 'attempt')}${streak}`);
    }
    const said =
      verdict.kind === 'healthy'
        ? `passed (${inARow} of ${options.consecutiveSuccesses} in a row)`
        : verdict.kind === 'not-ready'
          ? `not ready: ${error}`
          : `failed (${failedInARow} of ${options.failureThreshold} in a row): ${error}`;
    const endMs = now();
    const elapsed = formatDuration(Math.round(endMs));

    if (failedInARow >= options.failureThreshold) {
      const times = failedInARow === 1 ? 'once' : `${failedInARow} times in a row`;
      log(attemptLine(n, url, result, said, `giving up: the release answered and failed ${times}`));
      return finish(
        'unhealthy',
        `unhealthy: the release answered and failed ${times} (failure-threshold ${options.failureThreshold}, after ${elapsed}): ${error}`,
        endMs,
      );
    }
    if (options.maxAttempts !== undefined && n >= options.maxAttempts) {
      log(attemptLine(n, url, result, said, `giving up: max-attempts ${options.maxAttempts} reached`));
      return finish(
        'unhealthy',
        `unhealthy: max-attempts ${options.maxAttempts} reached after ${elapsed}; last: ${lastWords(attempts)}`,
        endMs,
      );
    }
    const left = options.deadlineMs - endMs;
    if (left < reserve) {
      const why = `no time left for another attempt before the ${deadline} deadline`;
      log(attemptLine(n, url, result, said, `giving up: ${why}`));
      return finish(
        'unhealthy',
        `unhealthy: ${why} (checked for ${elapsed}, ${plural(n, 'attempt')}); last: ${lastWords(attempts)}`,
        endMs,
      );
    }
    const planned = nextWait(notPassedInARow, options, context.random);
    // Clipped so one more attempt still starts before the deadline with `reserve` ms to answer.
    const wait = Math.max(0, Math.min(planned, Math.floor(left - reserve)));
    const next =
      wait < planned
        ? `next attempt in ${formatDuration(wait)} (shortened to fit the ${deadline} deadline)`
        : `next attempt in ${formatDuration(wait)}`;
    log(attemptLine(n, url, result, said, next));
    await sleepUnlessAborted(wait, signal);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function lastWords(attempts: readonly AttemptReport[]): string {
  const last = attempts[attempts.length - 1];
  if (!last) return 'no attempt';
  return last.ok ? 'passed, but not enough times in a row' : (last.error ?? 'failed');
}
