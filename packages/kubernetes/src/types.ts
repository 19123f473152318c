/** Where the library's progress goes; it never talks to @actions/core itself. */
export interface KubeLog {
  info(line: string): void;
  warning(line: string): void;
}

/** Time, injected so waits and backoff are driven by the caller (tests, the action's clock). */
export interface Clock {
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

/** A RBAC permission: `verb` on `resource` (with `subresource`) of API `group` ('' = core). */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

export function describePermission(p: Permission): string {
  const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return `${p.verb} ${resource}${p.group ? `.${p.group}` : ''}`;
}
