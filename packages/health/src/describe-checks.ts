import { formatDuration } from '@deploy-kit/action-kit';
import { formatBackoff } from './backoff';
import { formatPath } from './json-path';
import { formatStatusRanges } from './status';
import type { HealthCheckOptions } from './types';

/** What a check asserts and how it polls, one short phrase each, for summaries. */
export function describeChecks(options: HealthCheckOptions): string[] {
  const checks = [`${options.method} status ${formatStatusRanges(options.expectedStatus)}`];
  if (options.expectVersion !== undefined)
    checks.push(`${formatPath(options.versionPath)} is ${JSON.stringify(options.expectVersion)}`);
  for (const assertion of options.json) checks.push(assertion.text);
  if (options.bodyContains !== undefined) checks.push(`body contains ${JSON.stringify(options.bodyContains)}`);
  if (options.bodyRegex) checks.push(`body matches ${options.bodyRegex}`);
  if (options.maxLatencyMs !== undefined) checks.push(`latency at most ${formatDuration(options.maxLatencyMs)}`);
  if (options.consecutiveSuccesses > 1) checks.push(`${options.consecutiveSuccesses} passes in a row`);
  checks.push(
    options.failureThreshold === 1
      ? 'unhealthy at the first failed answer'
      : `unhealthy after ${options.failureThreshold} failed answers in a row`,
  );
  checks.push(
    `timeout ${formatDuration(options.timeoutMs)}`,
    `interval ${formatDuration(options.intervalMs)} (${formatBackoff(options.backoff)}, max ${formatDuration(Math.max(options.maxIntervalMs, options.intervalMs))})`,
    options.maxAttempts === undefined
      ? `deadline ${formatDuration(options.deadlineMs)}`
      : `max-attempts ${options.maxAttempts} or deadline ${formatDuration(options.deadlineMs)}`,
  );
  if (!options.followRedirects) checks.push('redirects not followed');
  if (options.insecureTls) checks.push('TLS certificates NOT verified');
  return checks;
}
