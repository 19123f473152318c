/** Where the library's progress goes; it never talks to @actions/core itself. */
export interface RolloutLog {
  info(line: string): void;
  warning(line: string): void;
}

/** Time, injected so pauses and backoff are driven by the caller (tests, the action's clock). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** One line for any thrown value, for results and logs (never a stack). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
