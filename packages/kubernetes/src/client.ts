import type { KubeConfig } from '@kubernetes/client-node';
import { IsomorphicFetchHttpLibrary, RequestContext, type HttpMethod } from '@kubernetes/client-node';
import { errorFromResponse, KubeApiError } from './api-error';
import type { Clock, KubeLog } from './types';

export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
  /** GETs and server-side apply: safe to repeat, so retried on 429/5xx and transport errors. */
  idempotent: boolean;
  /** For messages: `get deployment shop/api`. */
  what: string;
}

export interface KubeClientOptions {
  config: KubeConfig;
  clock: Clock;
  signal: AbortSignal;
  log: KubeLog;
  /** Per call (default 30 s). */
  timeoutMs?: number;
  /** Attempts for an idempotent call (default 4). */
  attempts?: number;
  /** First backoff (default 500 ms), doubled each retry, capped at 8 s; a 429's Retry-After wins. */
  backoffMs?: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * Calls the API through the official client's transport: @kubernetes/client-node's KubeConfig signs
 * each request (token, client certificate or exec plugin) and sets TLS verification, and its fetch
 * library sends it. This wrapper adds what every call here needs: a timeout, retry with backoff
 * for idempotent calls, and errors that carry the API's Status.
 */
export class KubeClient {
  private readonly http = new IsomorphicFetchHttpLibrary();

  constructor(private readonly options: KubeClientOptions) {}

  get config(): KubeConfig {
    return this.options.config;
  }

  get signal(): AbortSignal {
    return this.options.signal;
  }

  /** The same client under another signal (e.g. to take a canary out after the job was cancelled). */
  withSignal(signal: AbortSignal): KubeClient {
    return new KubeClient({ ...this.options, signal });
  }

  async json(request: KubeRequest): Promise<unknown> {
    const text = await this.text(request);
    return JSON.parse(text) as unknown;
  }

  async text(request: KubeRequest): Promise<string> {
    const attempts = request.idempotent ? (this.options.attempts ?? 4) : 1;
    let delay = this.options.backoffMs ?? 500;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(request);
      } catch (error) {
        const retryable =
          error instanceof KubeApiError &&
          (RETRYABLE.has(error.status) || error.reason === 'Unreachable' || error.reason === 'Timeout');
        if (!retryable || attempt >= attempts || this.options.signal.aborted) throw error;
        const wait = error.retryAfterMs ?? delay;
        this.options.log.info(
          `${request.what}: ${error.message}; retrying in ${Math.round(wait / 100) / 10}s (attempt ${attempt + 1} of ${attempts})`,
        );
        await this.options.clock.sleep(wait, this.options.signal);
        delay = Math.min(delay * 2, 8000);
      }
    }
  }

  private async once(request: KubeRequest): Promise<string> {
    const server = this.options.config.getCurrentCluster()?.server ?? '';
    const url = new URL(server.replace(/\/$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const context = new RequestContext(url.toString(), request.method as HttpMethod);
    context.setHeaderParam('Accept', 'application/json');
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(request.body);
    }
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    context.setSignal(AbortSignal.any([this.options.signal, AbortSignal.timeout(timeoutMs)]));
    try {
      await this.options.config.applySecurityAuthentication(context);
    } catch (error) {
      // An exec plugin that is missing or fails, an unreadable client certificate: the user's setup.
      throw new KubeApiError(
        0,
        'Credentials',
        `${request.what}: the kubeconfig's user gave no credentials (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      );
    }
    let status: number;
    let body: string;
    let retryAfter: string | undefined;
    try {
      const response = await this.http.send(context).toPromise();
      status = response.httpStatusCode;
      retryAfter = response.headers['retry-after'];
      body = await response.body.text();
    } catch (error) {
      if (this.options.signal.aborted) throw error;
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new KubeApiError(
        0,
        timedOut ? 'Timeout' : 'Unreachable',
        timedOut
          ? `${request.what}: no answer within ${timeoutMs / 1000}s`
          : `${request.what}: the API server is unreachable (${describeCause(error)})`,
      );
    }
    if (status >= 200 && status < 300) return body;
    const failure = errorFromResponse(status, body, request.what);
    const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
    if (!Number.isNaN(seconds)) failure.retryAfterMs = Math.min(seconds, 30) * 1000;
    throw failure;
  }
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) return `${cause.message}`;
  return error.message;
}
