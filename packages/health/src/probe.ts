import { TimeoutError } from '@deploy-kit/http';
import { fetch, Headers, type Dispatcher, type Response } from 'undici';
import { describeFailure } from './describe-failure';
import { isRedirect, MAX_REDIRECTS, nextHop, type Hop } from './redirects';
import type { Target } from './urls';

/** Health endpoints answer small; anything past this is not read. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface ProbeRequest {
  target: Target;
  method: string;
  headers: [string, string][];
  body?: string;
  followRedirects: boolean;
  timeoutMs: number;
  dispatcher: Dispatcher;
  /** Aborts the request as cancelled (not as a failure of the service). */
  signal: AbortSignal;
}

export interface ProbeResult {
  latencyMs: number;
  status?: number;
  statusText?: string;
  /** The Location header of a redirect that was not followed, secrets masked. */
  location?: string;
  /** The URL that gave the answer, when it differs from the one requested (redirects followed), secrets masked. */
  finalUrl?: string;
  body?: Buffer;
  /** Why no answer came (timeout, refused, TLS, DNS...). */
  failure?: string;
  /** The request was stopped from outside; not a verdict on the service. */
  cancelled?: boolean;
}

/**
 * One request with its own timeout covering the whole response, body
 * included. Never throws for network problems: they come back as `failure`.
 */
export async function probe(request: ProbeRequest): Promise<ProbeResult> {
  const controller = new AbortController();
  const onCancel = () => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', onCancel, { once: true });
  const timeout = new TimeoutError(request.target.displayUrl, request.timeoutMs);
  const timer = setTimeout(() => controller.abort(timeout), request.timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let hop: Hop = {
    url: request.target.requestUrl,
    method: request.method,
    headers: requestHeaders(request),
    ...(request.body === undefined ? {} : { body: request.body }),
  };
  try {
    // Redirects are followed here, not by fetch, to drop credential headers when one leaves the origin.
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(hop.url, {
        method: hop.method,
        headers: hop.headers,
        body: hop.body,
        redirect: 'manual',
        dispatcher: request.dispatcher,
        signal: controller.signal,
      });
      const location = response.headers.get('location') ?? undefined;
      if (request.followRedirects && isRedirect(response.status) && location !== undefined) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) return { latencyMs: elapsed(), failure: 'too many redirects' };
        const next = nextHop(hop, response.status, location);
        if (typeof next === 'string') return { latencyMs: elapsed(), failure: next };
        hop = next;
        continue;
      }
      const body = await readLimited(response.body);
      return {
        latencyMs: elapsed(),
        status: response.status,
        statusText: response.statusText,
        // Both are for display only: secrets a server put in them are masked here.
        ...(location === undefined ? {} : { location: request.target.redact(location) }),
        ...(hop.url === request.target.requestUrl ? {} : { finalUrl: request.target.redact(hop.url) }),
        body,
      };
    }
  } catch (error) {
    const reason: unknown = controller.signal.reason;
    if (reason === timeout) return { latencyMs: elapsed(), failure: describeFailure(timeout, hostOf(hop.url)) };
    if (request.signal.aborted) return { latencyMs: elapsed(), failure: 'cancelled', cancelled: true };
    return { latencyMs: elapsed(), failure: describeFailure(error, hostOf(hop.url)) };
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', onCancel);
  }
}

async function readLimited(stream: Response['body']): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= BODY_LIMIT_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, BODY_LIMIT_BYTES);
}

function requestHeaders(request: ProbeRequest): Headers {
  const headers = new Headers(request.headers);
  if (request.target.authorization && !headers.has('authorization'))
    headers.set('authorization', request.target.authorization);
  if (!headers.has('user-agent')) headers.set('user-agent', 'deploy-kit-health-check');
  return headers;
}

function hostOf(url: string): string {
  return new URL(url).host;
}
