import { field, parseInputs } from '@deploy-kit/action-kit';
import type { z } from 'zod';

/**
 * Every health-check input except `url`, keyed by its action.yml name, for
 * `readInputs`. Actions that run the check in-process (deploy, rollback, the
 * pipeline) spread this into their own shape. Multi-line inputs stay text
 * here: `toHealthCheckOptions` parses them line by line so an error can name
 * the line.
 */
export const healthCheckFields = {
  method: field.httpMethod('GET'),
  headers: field.text(),
  body: field.text(),
  'expected-status': field.withDefault('200-299'),
  json: field.text(),
  'body-contains': field.optional(),
  'body-regex': field.optional(),
  'expect-version': field.optional(),
  'json-version-path': field.withDefault('version'),
  timeout: field.duration('5s'),
  interval: field.duration('2s'),
  backoff: field.withDefault('exponential'),
  'max-interval': field.duration('30s'),
  'max-attempts': field.integer(undefined, 1, 1_000_000),
  deadline: field.duration('5m'),
  'consecutive-successes': field.integer(1, 1, 1000),
  'failure-threshold': field.integer(3, 1, 1000),
  'max-latency': field.optionalDuration(),
  'follow-redirects': field.boolean(true),
  'insecure-tls': field.boolean(false),
  'fail-on-unhealthy': field.boolean(true),
  'redact-query-params': field.text(),
};

export type HealthCheckInputs = { [K in keyof typeof healthCheckFields]: z.output<(typeof healthCheckFields)[K]> };

/**
 * Parses raw input strings (missing ones take their defaults): for callers
 * that hold health settings in their own config rather than action inputs.
 */
export function parseHealthCheckInputs(raw: Partial<Record<keyof HealthCheckInputs, string>> = {}): HealthCheckInputs {
  return parseInputs(healthCheckFields, raw);
}
