/** A request that took longer than its timeout. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`No answer from ${url} within ${timeoutMs}ms`);
  }
}

export interface TimedRequestInit extends RequestInit {
  /** Whole-request budget, headers and body included. */
  timeoutMs: number;
}

/**
 * fetch with a mandatory timeout covering the body as well as the headers.
 * Returns the response with its body already read, so a stalled body cannot
 * outlive the timeout.
 */
export async function fetchWithTimeout(
  url: string | URL,
  init: TimedRequestInit,
): Promise<{ response: Response; body: Buffer }> {
  const { timeoutMs, signal: outer, ...rest } = init;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new TimeoutError(String(url), timeoutMs)), timeoutMs);
  try {
    const response = await fetch(url, { ...rest, signal: controller.signal });
    const body = Buffer.from(await response.arrayBuffer());
    return { response, body };
  } catch (error) {
    const reason: unknown = controller.signal.reason;
    if (reason instanceof TimeoutError) throw reason;
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Explains a fetch failure in one line: Node's fetch reports DNS failures,
 * refused connections and TLS errors as "fetch failed" with the real reason
 * in `cause`.
 */
export function describeFetchError(error: unknown): string {
  if (error instanceof TimeoutError) return error.message;
  // Duck-typed: errors raised inside Node's fetch may come from another realm.
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  const { message, cause } = error as { message: string; cause?: { code?: string; message?: string } };
  if (cause?.code)
    return cause.message?.includes(cause.code) ? cause.message : `${cause.code}: ${cause.message ?? ''}`.trim();
  if (cause?.message) return cause.message;
  return message;
}
