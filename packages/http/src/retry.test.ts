import { describe, expect, it } from '@jest/globals';
import { backoffDelay, parseRetryAfter, withRetry } from './retry';

describe('backoffDelay', () => {
  it('grows by the factor and stops at the cap', () => {
    const options = { attempts: 10, initialDelayMs: 100, factor: 2, maxDelayMs: 500 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options))).toEqual([100, 200, 400, 500, 500]);
  });

  it('spreads delays within the jitter fraction', () => {
    const options = { attempts: 3, initialDelayMs: 1000, jitter: 0.2 };
    expect(backoffDelay(1, options, () => 0)).toBe(800);
    expect(backoffDelay(1, options, () => 1)).toBe(1200);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', Date.parse('Sun, 22 Nov 2026 10:00:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('withRetry', () => {
  const noSleep = async () => {};

  it('retries until success and reports each retry', async () => {
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw new Error(`fail ${attempt}`);
        return 'ok';
      },
      {
        attempts: 5,
        initialDelayMs: 10,
        shouldRetry: () => ({ retry: true }),
        onRetry: (_e, n) => seen.push(n),
        sleep: noSleep,
      },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2]);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async (attempt) => {
          calls++;
          throw new Error(`fail ${attempt}`);
        },
        { attempts: 3, initialDelayMs: 10, shouldRetry: () => ({ retry: true }), sleep: noSleep },
      ),
    ).rejects.toThrow('fail 3');
    expect(calls).toBe(3);
  });

  it('stops at once when the error is not worth retrying, and uses an explicit delay', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error(calls === 1 ? 'rate limited' : 'forbidden');
        },
        {
          attempts: 5,
          initialDelayMs: 10,
          shouldRetry: (e) =>
            (e as Error).message === 'rate limited' ? { retry: true, delayMs: 1234 } : { retry: false },
          sleep: async (ms) => void waits.push(ms),
        },
      ),
    ).rejects.toThrow('forbidden');
    expect(calls).toBe(2);
    expect(waits).toEqual([1234]);
  });
});
