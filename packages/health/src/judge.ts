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

/** The verdict on one attempt: its kind (see AttemptKind) and every reason it did not pass. */
export type Verdict =
  { kind: 'healthy' } | { kind: 'not-ready'; problems: string[] } | { kind: 'failed'; problems: string[] };

/** Answers that mean "not serving yet" (a proxy before a starting app, throttling), never a verdict. */
export const NOT_READY_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 502, 503, 504]);

/**
 * Decides what one answer says, in this one place (the rules are on
 * AttemptKind). Lists every reason it did not pass, so a log line shows the
 * whole picture at once.
 */
export function judge(result: ProbeResult, checks: Checks): Verdict {
  if (result.failure !== undefined || result.status === undefined)
    return { kind: 'not-ready', problems: [result.failure ?? 'no answer'] };
  const status = result.status;
  if (!statusAccepted(status, checks.expectedStatus)) {
    const wanted = `status ${status} is not ${formatStatusRanges(checks.expectedStatus)}`;
    if (NOT_READY_STATUSES.has(status)) return { kind: 'not-ready', problems: [wanted] };
    if (status >= 300 && status < 400 && result.location && !checks.followRedirects) {
      return {
        kind: 'failed',
        problems: [`${wanted} (redirect to ${result.location} not followed: follow-redirects is false)`],
      };
    }
    return { kind: 'failed', problems: [wanted] };
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
  let otherVersion = false;
  if (checks.json.length > 0 || checks.expectVersion !== undefined) {
    const json = jsonProblems(text, checks);
    problems.push(...json.problems);
    otherVersion = json.otherVersion;
  }
  if (problems.length === 0) return { kind: 'healthy' };
  // The old version still answering says nothing about the new one: its other failures do not count either.
  return { kind: otherVersion ? 'not-ready' : 'failed', problems };
}

function jsonProblems(text: string, checks: Checks): { problems: string[]; otherVersion: boolean } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { problems: [`body is not JSON (starts with ${showValue(text.slice(0, 40))})`], otherVersion: false };
  }
  const problems: string[] = [];
  let otherVersion = false;
  if (checks.expectVersion !== undefined) {
    const found = lookupPath(document, checks.versionPath);
    const where = formatPath(checks.versionPath);
    if (!found.found) {
      problems.push(`${where} is missing from the body, expected version ${JSON.stringify(checks.expectVersion)}`);
    } else if (!sameVersion(found.value, checks.expectVersion)) {
      otherVersion = true;
      problems.push(
        `${where} is ${showValue(found.value)}, expected ${JSON.stringify(checks.expectVersion)} (an older version may still be answering)`,
      );
    }
  }
  for (const assertion of checks.json) {
    const problem = failedAssertion(assertion, document);
    if (problem) problems.push(problem);
  }
  return { problems, otherVersion };
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
