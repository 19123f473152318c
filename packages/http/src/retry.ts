export interface BackoffOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt. */
  initialDelayMs: number;
  /** Growth factor between delays. */
  factor?: number;
  /** Upper bound for one delay. */
  maxDelayMs?: number;
  /** Fraction of each delay added or removed at random, so clients spread out. */
  jitter?: number;
}

/** The delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const factor = options.factor ?? 2;
  const base = options.initialDelayMs * factor ** (attempt - 1);
  const capped = Math.min(base, options.maxDelayMs ?? Number.POSITIVE_INFINITY);
  const jitter = options.jitter ?? 0;
  const spread = capped * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(capped + spread));
}

export interface RetryDecision {
  retry: boolean;
  /** Overrides the computed backoff, e.g. from a Retry-After header. */
  delayMs?: number;
}

export interface RetryOptions extends BackoffOptions {
  /** Decides from the error (or result) whether another attempt is worth it. */
  shouldRetry: (error: unknown, attempt: number) => RetryDecision;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, `shouldRetry` says stop, or attempts run
 * out; then rethrows the last error. Only for idempotent operations.
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      const decision = options.shouldRetry(error, attempt);
      if (!decision.retry) throw error;
      const delay = decision.delayMs ?? backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delay);
      await wait(delay);
    }
  }
}

/**
 * Reads a Retry-After header (seconds or an HTTP date) as milliseconds from
 * now; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
