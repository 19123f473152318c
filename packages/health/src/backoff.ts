import { backoffDelay } from '@deploy-kit/http';

/**
 * How the wait between failed attempts grows. The `backoff` input accepts:
 * - `exponential` (default): interval, then ×1.5 per failure, ±20% jitter
 * - `exponential:F`: the same with factor F (above 1, at most 10)
 * - `linear`: interval × failures in a row, ±20% jitter
 * - `constant` (or `none`): always the interval, no jitter
 * Every form is capped by max-interval (never below interval). After a
 * success the wait goes back to the interval.
 */
export type Backoff = { kind: 'exponential'; factor: number } | { kind: 'linear' } | { kind: 'constant' };

export const BACKOFF_FORMS = 'exponential, exponential:FACTOR (e.g. exponential:2), linear or constant';
export const JITTER = 0.2;

export function parseBackoff(text: string): Backoff | undefined {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'exponential') return { kind: 'exponential', factor: 1.5 };
  if (value === 'linear') return { kind: 'linear' };
  if (value === 'constant' || value === 'none') return { kind: 'constant' };
  const custom = /^exponential\s*[:x]\s*(\d+(?:\.\d+)?)$/.exec(value);
  if (!custom) return undefined;
  const factor = Number(custom[1]);
  return factor > 1 && factor <= 10 ? { kind: 'exponential', factor } : undefined;
}

export function formatBackoff(backoff: Backoff): string {
  if (backoff.kind === 'exponential') return `exponential ×${backoff.factor}`;
  return backoff.kind;
}

export interface WaitPlan {
  intervalMs: number;
  maxIntervalMs: number;
  backoff: Backoff;
}

/** The wait before the next attempt, given how many attempts in a row have failed. */
export function nextWait(failuresInARow: number, plan: WaitPlan, random: () => number = Math.random): number {
  const cap = Math.max(plan.maxIntervalMs, plan.intervalMs);
  if (failuresInARow <= 0 || plan.backoff.kind === 'constant') return Math.min(plan.intervalMs, cap);
  if (plan.backoff.kind === 'linear') {
    const base = Math.min(cap, plan.intervalMs * failuresInARow);
    return Math.min(cap, Math.round(base * (1 + JITTER * (random() * 2 - 1))));
  }
  const delay = backoffDelay(
    failuresInARow,
    { attempts: 0, initialDelayMs: plan.intervalMs, factor: plan.backoff.factor, maxDelayMs: cap, jitter: JITTER },
    random,
  );
  return Math.min(cap, delay);
}
