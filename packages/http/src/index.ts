export { fetchWithTimeout, describeFetchError, TimeoutError, type TimedRequestInit } from './timeout-fetch';
export {
  withRetry,
  backoffDelay,
  parseRetryAfter,
  sleep,
  type BackoffOptions,
  type RetryOptions,
  type RetryDecision,
} from './retry';
export {
  redactUrl,
  redactUrlsInText,
  urlSecretValues,
  isSecretQueryName,
  SECRET_QUERY_WORDS,
  REDACTED,
} from './redact-url';
export { systemClock, type Clock } from './clock';
