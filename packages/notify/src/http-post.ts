import { formatDuration } from '@deploy-kit/action-kit';
import { TimeoutError, fetchWithTimeout, parseRetryAfter } from '@deploy-kit/http';
import type { AttemptOutcome } from './channel';
import { snippet } from './redact';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export interface PostOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Judges a 2xx answer: some platforms answer 2xx for a message they dropped. */
  accept: (answer: HttpAnswer) => AttemptOutcome;
  /** Says what a refusal (non-2xx) means in the receiver's words; the body's first line otherwise. */
  explain?: (answer: HttpAnswer) => string | undefined;
  /**
   * Posting the same body twice does no harm (the receiver deduplicates), so
   * a timeout, which may hide a delivered message, is worth another attempt.
   */
  idempotent?: boolean;
}

// Connection problems that happen before the request reached the receiver,
// so another attempt cannot make a duplicate message.
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

/** POSTs JSON once and says whether it arrived, and if not whether to try again. */
export async function postJson(options: PostOptions): Promise<AttemptOutcome> {
  const target = new URL(options.url);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'deploy-kit-notify',
    ...options.headers,
  };
  // fetch refuses URLs with credentials; send them as Basic auth as a browser would.
  if (target.username || target.password) {
    const pair = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  let answer: HttpAnswer;
  try {
    const { response, body } = await fetchWithTimeout(target, {
      method: 'POST',
      headers,
      body: options.body,
      timeoutMs: options.timeoutMs,
      // A webhook that redirects is misconfigured; following would turn the POST into a GET.
      redirect: 'manual',
    });
    answer = { status: response.status, headers: response.headers, body: body.toString('utf8') };
  } catch (error) {
    return describeFailure(error, options.timeoutMs, options.idempotent === true);
  }
  return judge(answer, options);
}

function judge(answer: HttpAnswer, options: PostOptions): AttemptOutcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return options.accept(answer);
  const explained = options.explain?.(answer) ?? snippet(answer.body);
  const said = explained.trim() ? `: ${explained}` : '';
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after')) ?? retryAfterFromBody(answer.body);
    return {
      ok: false,
      retry: true,
      reason: `HTTP 429 (rate limited)${said}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (status >= 300 && status < 400) {
    return { ok: false, retry: false, reason: `HTTP ${status} redirect (not followed: check the webhook URL)` };
  }
  return { ok: false, retry: status >= 500 || status === 408, reason: `HTTP ${status}${said}` };
}

// Discord puts the wait in the body as `retry_after` seconds as well as in the header.
function retryAfterFromBody(body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as { retry_after?: unknown };
    return typeof parsed.retry_after === 'number' ? Math.ceil(parsed.retry_after * 1000) : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown, timeoutMs: number, idempotent: boolean): AttemptOutcome {
  // A timeout may mean the message arrived and only the answer was slow: a
  // second attempt could post it twice, so a timeout is retried only when a
  // duplicate is harmless.
  if (error instanceof TimeoutError) {
    return { ok: false, retry: idempotent, reason: `no answer within ${formatDuration(timeoutMs)}` };
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code;
  if (code === 'ENOTFOUND') return { ok: false, retry: false, reason: 'host not found (DNS lookup failed)' };
  const text = cause?.message ?? (error instanceof Error ? error.message : String(error));
  const reason = code && !text.includes(code) ? `${code}: ${text}` : text;
  return {
    ok: false,
    retry: code !== undefined && RETRYABLE_CODES.has(code),
    reason: `could not connect (${snippet(reason)})`,
  };
}
