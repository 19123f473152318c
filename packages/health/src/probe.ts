import { TimeoutError } from '@deploy-kit/http';
import { fetch, Headers, type Dispatcher, type Response } from 'undici';
import { describeFailure } from './describe-failure';
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
  /** The Location header of a redirect that was not followed. */
  location?: string;
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
  try {
    const headers = new Headers(request.headers);
    if (request.target.authorization && !headers.has('authorization'))
      headers.set('authorization', request.target.authorization);
    if (!headers.has('user-agent')) headers.set('user-agent', 'deploy-kit-health-check');
    const response = await fetch(request.target.requestUrl, {
      method: request.method,
      headers,
      body: request.body,
      redirect: request.followRedirects ? 'follow' : 'manual',
      dispatcher: request.dispatcher,
      signal: controller.signal,
    });
    const body = await readLimited(response.body);
    return {
      latencyMs: elapsed(),
      status: response.status,
      statusText: response.statusText,
      location: response.headers.get('location') ?? undefined,
      body,
    };
  } catch (error) {
    const reason: unknown = controller.signal.reason;
    if (reason === timeout) return { latencyMs: elapsed(), failure: describeFailure(timeout, hostOf(request.target)) };
    if (request.signal.aborted) return { latencyMs: elapsed(), failure: 'cancelled', cancelled: true };
    return { latencyMs: elapsed(), failure: describeFailure(error, hostOf(request.target)) };
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

function hostOf(target: Target): string {
  return new URL(target.requestUrl).host;
}
