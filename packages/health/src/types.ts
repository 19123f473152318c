import type { JsonAssertion } from './assertions';
import type { Backoff } from './backoff';
import type { PathSegment } from './json-path';
import type { StatusRange } from './status';

/** Everything one health check needs, validated. Built by toHealthCheckOptions. */
export interface HealthCheckOptions {
  /** URLs as given (credentials allowed); all must pass. */
  urls: string[];
  method: string;
  headers: [string, string][];
  body?: string;
  expectedStatus: StatusRange[];
  json: JsonAssertion[];
  bodyContains?: string;
  bodyRegex?: RegExp;
  expectVersion?: string;
  versionPath: PathSegment[];
  timeoutMs: number;
  intervalMs: number;
  backoff: Backoff;
  maxIntervalMs: number;
  maxAttempts?: number;
  deadlineMs: number;
  consecutiveSuccesses: number;
  /** Definite failures in a row (the service answered and failed a check) that end the check at once. */
  failureThreshold: number;
  maxLatencyMs?: number;
  followRedirects: boolean;
  insecureTls: boolean;
  failOnUnhealthy: boolean;
  /** Extra query parameter names whose values are masked wherever a URL is shown. */
  redactQueryParams: string[];
}

/**
 * What one attempt says about the release (decided in judge.ts, nowhere else):
 * - `healthy`: every check passed.
 * - `not-ready`: no verdict yet, keep polling until the deadline: no answer
 *   (refused, timeout, DNS, TLS, reset), status 408/425/429/502/503/504, or
 *   an accepted answer reporting another version than `expect-version`
 *   (the old version still answering).
 * - `failed`: the release itself answered and failed a check (any other
 *   status, a missing JSON path, a failed assertion, a body that is not
 *   JSON, max-latency); `failure-threshold` of them in a row end the check.
 */
export type AttemptKind = 'healthy' | 'not-ready' | 'failed';

/** One request to one URL. */
export interface AttemptReport {
  /** Attempt number for this URL, from 1. */
  n: number;
  /** When it started, in ms since the check began. */
  startedMs: number;
  /** HTTP status, when an answer came. */
  status?: number;
  /** The URL that answered, when redirects led away from the one requested. */
  finalUrl?: string;
  /** Time from sending the request to the end of the response body (or the failure). */
  latencyMs: number;
  /** Whether this attempt passed every check. */
  ok: boolean;
  /** healthy, not-ready (keep polling) or failed (a definite failure); see AttemptKind. */
  kind: AttemptKind;
  /** Why it failed (absent when ok). */
  error?: string;
}

export interface UrlReport {
  /** The URL with any password replaced by `***`. */
  url: string;
  healthy: boolean;
  /** healthy, unhealthy (attempts or deadline ran out) or stopped (cancelled, or another URL failed). */
  outcome: 'healthy' | 'unhealthy' | 'stopped';
  /** One line on how it ended. */
  reason: string;
  durationMs: number;
  /** Latency of the last successful attempt. */
  latencyMs?: number;
  attempts: AttemptReport[];
  /** Set in the `report` output only, when older attempts were left out to fit GitHub's output limit. */
  attemptsOmitted?: number;
}

export interface HealthReport {
  healthy: boolean;
  /** Attempts made, all URLs together. */
  attempts: number;
  durationMs: number;
  /** Latency of the last success; with several URLs, the slowest URL's. */
  latencyMs?: number;
  /** The first URL (in input order) that was found unhealthy. */
  failingUrl?: string;
  /** What was checked, one phrase per check, for summaries. */
  checks: string[];
  urls: UrlReport[];
}

export interface HealthHooks {
  /** One line per attempt, plus a line when a URL is done. */
  log?: (line: string) => void;
  /** Stops the check; it then resolves with the URLs still running marked as stopped. */
  signal?: AbortSignal;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
}
