/** A failed Kubernetes API call, with the API's own Status reason and message. */
export class KubeApiError extends Error {
  /** From a 429's Retry-After header. */
  retryAfterMs: number | undefined;

  constructor(
    readonly status: number,
    /** metav1.Status reason (`Conflict`, `Forbidden`, `Invalid`), or `Unreachable` / `Timeout` for transport failures. */
    readonly reason: string,
    message: string,
    /** `field: message` lines from Status.details.causes. */
    readonly causes: string[] = [],
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** Reads a metav1.Status body into an error; falls back to the HTTP status when the body is not one. */
export function errorFromResponse(status: number, body: string, what: string): KubeApiError {
  let reason = `HTTP ${status}`;
  let message = `${what} answered HTTP ${status}`;
  const causes: string[] = [];
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      if (typeof record.reason === 'string') reason = record.reason;
      if (typeof record.message === 'string') message = `${what}: ${record.message}`;
      const details = record.details;
      if (typeof details === 'object' && details !== null) {
        const list = (details as Record<string, unknown>).causes;
        if (Array.isArray(list)) {
          for (const cause of list) {
            if (typeof cause !== 'object' || cause === null) continue;
            const c = cause as Record<string, unknown>;
            causes.push(
              `${typeof c.field === 'string' ? c.field : ''}: ${typeof c.message === 'string' ? c.message : ''}`,
            );
          }
        }
      }
    }
  } catch {
    // Not a Status (a proxy's HTML page): the HTTP status says enough.
  }
  return new KubeApiError(status, reason, message, causes);
}
