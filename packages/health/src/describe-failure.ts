import { formatDuration } from '@deploy-kit/action-kit';
import { TimeoutError } from '@deploy-kit/http';

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|HOSTNAME_MISMATCH|EPROTO)/;

interface CodedError {
  code?: string;
  message?: string;
  hostname?: string;
  cause?: unknown;
}

/** The innermost error with a code, where Node hides the real reason for "fetch failed". */
function rootCause(error: unknown): CodedError | undefined {
  let current: unknown = error;
  let found: CodedError | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const coded = current as CodedError;
    if (coded.code) found = coded;
    current = coded.cause;
  }
  return found ?? (error instanceof Error && error.cause instanceof Error ? (error.cause as CodedError) : undefined);
}

/**
 * Explains why a request got no usable answer, in words a person acts on:
 * refused, DNS, TLS, timeout, reset. None of these is ever a success.
 */
export function describeFailure(error: unknown, host: string): string {
  if (error instanceof TimeoutError) return `no answer within ${formatDuration(error.timeoutMs)}`;
  const cause = rootCause(error);
  const code = cause?.code ?? '';
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (code === 'ECONNREFUSED') return `connection refused by ${host}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return `DNS lookup failed for ${host} (${code})`;
  if (code === 'ECONNRESET') return 'connection reset by the server';
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED')
    return 'the server closed the connection without answering';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `could not connect to ${host} in time`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${host} is unreachable (${code})`;
  if (TLS_CODES.test(code))
    return `TLS error: ${message} (${code}); set insecure-tls: true only for a server you trust`;
  if (/redirect count exceeded/i.test(message)) return 'too many redirects';
  if (/^bad port$/i.test(message))
    return `port ${port(host)} is one fetch refuses to use (a "bad port"); serve the check on another port`;
  return code ? `${message} (${code})` : message;
}

function port(host: string): string {
  return /:(\d+)$/.exec(host)?.[1] ?? host;
}
