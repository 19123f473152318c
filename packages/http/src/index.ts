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
