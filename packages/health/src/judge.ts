import { formatDuration } from '@deploy-kit/action-kit';
import { failedAssertion } from './assertions';
import { formatPath, lookupPath } from './json-path';
import { showValue } from './json-value';
import type { ProbeResult } from './probe';
import { formatStatusRanges, statusAccepted } from './status';
import type { HealthCheckOptions } from './types';

type Checks = Pick<
  HealthCheckOptions,
  | 'expectedStatus'
  | 'json'
  | 'bodyContains'
  | 'bodyRegex'
  | 'expectVersion'
  | 'versionPath'
  | 'maxLatencyMs'
  | 'followRedirects'
>;

/**
 * Decides whether one answer is healthy. Returns every reason it is not
 * (empty when healthy), so a log line shows the whole picture at once.
 */
export function judge(result: ProbeResult, checks: Checks): string[] {
  if (result.failure !== undefined || result.status === undefined) return [result.failure ?? 'no answer'];
  const status = result.status;
  if (!statusAccepted(status, checks.expectedStatus)) {
    const wanted = `status ${status} is not ${formatStatusRanges(checks.expectedStatus)}`;
    if (status >= 300 && status < 400 && result.location && !checks.followRedirects) {
      return [`${wanted} (redirect to ${result.location} not followed: follow-redirects is false)`];
    }
    return [wanted];
  }
  const problems: string[] = [];
  if (checks.maxLatencyMs !== undefined && result.latencyMs > checks.maxLatencyMs) {
    problems.push(`took ${formatDuration(result.latencyMs)}, over max-latency ${formatDuration(checks.maxLatencyMs)}`);
  }
  const text = (result.body ?? Buffer.alloc(0)).toString('utf8');
  if (checks.bodyContains !== undefined && !text.includes(checks.bodyContains)) {
    problems.push(`body does not contain ${JSON.stringify(checks.bodyContains)}`);
  }
  if (checks.bodyRegex && !checks.bodyRegex.test(text)) problems.push(`body does not match ${checks.bodyRegex}`);
  if (checks.json.length > 0 || checks.expectVersion !== undefined) problems.push(...jsonProblems(text, checks));
  return problems;
}

function jsonProblems(text: string, checks: Checks): string[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [`body is not JSON (starts with ${showValue(text.slice(0, 40))})`];
  }
  const problems: string[] = [];
  if (checks.expectVersion !== undefined) {
    const found = lookupPath(document, checks.versionPath);
    const where = formatPath(checks.versionPath);
    if (!found.found) {
      problems.push(`${where} is missing from the body, expected version ${JSON.stringify(checks.expectVersion)}`);
    } else if (!sameVersion(found.value, checks.expectVersion)) {
      problems.push(
        `${where} is ${showValue(found.value)}, expected ${JSON.stringify(checks.expectVersion)} (an older version may still be answering)`,
      );
    }
  }
  for (const assertion of checks.json) {
    const problem = failedAssertion(assertion, document);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * Versions match when equal as text, ignoring one leading `v` on either side:
 * a release tagged `v1.2.0` is the app that reports `1.2.0`.
 */
export function sameVersion(actual: unknown, expected: string): boolean {
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  const strip = (v: string) => v.trim().replace(/^v(?=\d)/i, '');
  return strip(String(actual)) === strip(expected);
}
