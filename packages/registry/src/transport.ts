import { TimeoutError, describeFetchError, fetchWithTimeout, parseRetryAfter, withRetry } from '@deploy-kit/http';
import { RegistryAuth, type Credentials } from './auth';
import { parseChallenge } from './challenge';
import { registryBaseUrl } from './endpoint';
import { RegistryAuthError, RegistryError, RegistryUnreachableError } from './errors';

export interface TransportOptions extends Credentials {
  timeoutMs: number;
  attempts: number;
  initialDelayMs: number;
  log: (line: string) => void;
  onSecret: (value: string) => void;
  stats: { requests: number; blobRequests: number };
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT';
  /** A path on the registry (`/v2/...`) or an absolute URL (pagination links). */
  path: string;
  /** Token scopes the request needs, e.g. `repository:o/r:pull,push`. */
  scopes: readonly string[];
  headers?: Record<string, string>;
  body?: Buffer;
}

/** A 5xx or 429 worth another attempt; carries the last answer for the final error. */
class RetryableStatus extends Error {
  constructor(
    readonly response: Response,
    readonly body: Buffer,
  ) {
    super(`HTTP ${response.status}`);
  }
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Speaks HTTP to one registry: base URL (plain HTTP on loopback only),
 * authorization (Bearer tokens or Basic, re-authorizing once on a 401),
 * timeouts, and retries with backoff. Every request this client sends is
 * idempotent (GET, HEAD, manifest PUT by tag), so all of them are retried.
 */
export class RegistryTransport {
  readonly baseUrl: string;
  private readonly auth: RegistryAuth;

  constructor(
    readonly registry: string,
    private readonly options: TransportOptions,
  ) {
    this.baseUrl = registryBaseUrl(registry);
    this.auth = new RegistryAuth(registry, options, (url, init) => this.sendWithRetry(url, init), options.onSecret);
  }

  async request(request: RegistryRequest): Promise<{ response: Response; body: Buffer; url: string }> {
    const url = this.urlFor(request.path);
    for (let authRound = 0; ; authRound++) {
      const headers: Record<string, string> = { ...request.headers };
      const authorization = await this.auth.header(request.scopes);
      if (authorization) headers.Authorization = authorization;
      const init: RequestInit = { method: request.method, headers, redirect: 'follow' };
      if (request.body) init.body = request.body;
      const { response, body } = await this.sendWithRetry(url, init);
      if (response.status === 401 && authRound === 0) {
        const challenge = parseChallenge(response.headers.get('www-authenticate'));
        if (this.auth.accept(challenge, request.scopes)) continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new RegistryAuthError(
          this.registry,
          response.status,
          describeRegistryErrorBody(body) ?? `${request.method} ${new URL(url).pathname}`,
        );
      }
      return { response, body, url };
    }
  }

  /**
   * A path on this registry, or an absolute URL it sent (a pagination link).
   * Credentials go with every request, so an absolute URL must stay on the
   * registry's own origin (scheme, host and port): a link elsewhere, or from
   * HTTPS down to HTTP, is refused rather than followed.
   */
  private urlFor(path: string): string {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(path)) return `${this.baseUrl}${path}`;
    const expected = new URL(this.baseUrl).origin;
    let origin: string;
    try {
      origin = new URL(path).origin;
    } catch {
      origin = 'an unreadable URL';
    }
    if (origin !== expected) {
      throw new RegistryError(
        `Registry ${this.registry} sent a link to ${origin}, another origin than its own (${expected}); not following it, since the request would carry the credentials`,
      );
    }
    return path;
  }

  private async sendWithRetry(url: string, init: RequestInit): Promise<{ response: Response; body: Buffer }> {
    const { options } = this;
    try {
      return await withRetry(
        async () => {
          const result = await this.sendOnce(url, init);
          if (RETRYABLE_STATUS.has(result.response.status)) throw new RetryableStatus(result.response, result.body);
          return result;
        },
        {
          attempts: options.attempts,
          initialDelayMs: options.initialDelayMs,
          maxDelayMs: 10_000,
          jitter: 0.2,
          shouldRetry: (error) => {
            if (error instanceof RetryableStatus) {
              const retryAfter = parseRetryAfter(error.response.headers.get('retry-after'));
              return { retry: true, delayMs: retryAfter === undefined ? undefined : Math.min(retryAfter, 30_000) };
            }
            return { retry: isNetworkError(error) };
          },
          onRetry: (error, attempt, delayMs) =>
            options.log(
              `${init.method} ${url} failed (${describe(error)}); attempt ${attempt + 1} of ${options.attempts} in ${delayMs}ms`,
            ),
        },
      );
    } catch (error) {
      if (error instanceof RetryableStatus) return { response: error.response, body: error.body };
      if (isNetworkError(error)) throw new RegistryUnreachableError(this.registry, describeFetchError(error));
      throw error;
    }
  }

  private async sendOnce(url: string, init: RequestInit): Promise<{ response: Response; body: Buffer }> {
    const { stats, log, timeoutMs } = this.options;
    stats.requests++;
    if (/\/blobs\//.test(new URL(url).pathname)) stats.blobRequests++;
    const result = await fetchWithTimeout(url, { ...init, timeoutMs });
    log(`${init.method} ${url} -> ${result.response.status}`);
    return result;
  }
}

function isNetworkError(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  // Node's fetch reports refused connections, DNS and TLS failures as a TypeError with a
  // cause. Duck-typed: that TypeError may come from another realm (jest's vm modules).
  if (typeof error !== 'object' || error === null) return false;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  return name === 'TypeError' && cause !== undefined;
}

function describe(error: unknown): string {
  return error instanceof RetryableStatus ? error.message : describeFetchError(error);
}

/** The first `errors[]` entry of an OCI error body, as `CODE: message`. */
export function describeRegistryErrorBody(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = parsed.errors?.[0];
    if (!first) return undefined;
    return (
      [first.code, first.message].filter((part) => typeof part === 'string' && part !== '').join(': ') || undefined
    );
  } catch {
    return undefined;
  }
}

/** An error for an answer the operation did not expect. */
export function unexpectedStatus(registry: string, what: string, response: Response, body: Buffer): RegistryError {
  const detail = describeRegistryErrorBody(body);
  return new RegistryError(
    `Registry ${registry} answered ${response.status} ${response.statusText} to ${what}${detail ? ` (${detail})` : ''}`,
    response.status,
  );
}
