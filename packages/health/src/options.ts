import { InputError, splitLines } from '@deploy-kit/action-kit';
import { AssertionSyntaxError, parseAssertion, type JsonAssertion } from './assertions';
import { BACKOFF_FORMS, parseBackoff } from './backoff';
import type { HealthCheckInputs } from './fields';
import { HeaderSyntaxError, parseHeaderLine } from './headers';
import { parsePath, PathSyntaxError } from './json-path';
import { parseRegex, regexProblem } from './regex';
import { parseStatusRanges, StatusSyntaxError } from './status';
import type { HealthCheckOptions } from './types';
import { parseTarget, UrlSyntaxError } from './urls';

export interface InputNames {
  /** The name of the input holding the URLs, for error messages (default `url`). */
  url?: string;
}

/**
 * Turns parsed inputs into validated options. Every problem becomes an
 * InputError naming the input and, for multi-line inputs, the line
 * (`Input "json" line 2: ...`), before any request is made.
 */
export function toHealthCheckOptions(
  urls: string[],
  inputs: HealthCheckInputs,
  names: InputNames = {},
): HealthCheckOptions {
  const urlInput = names.url ?? 'url';
  // First: a bad URL's error message is itself redacted with these names.
  const redactQueryParams = parseQueryParamNames(inputs['redact-query-params']);
  if (urls.length === 0) throw new InputError(urlInput, 'is required (one or more URLs, one per line)');
  urls.forEach((url, i) => lineOf(urlInput, i, () => parseTarget(url, redactQueryParams), UrlSyntaxError));

  const method = inputs.method.toUpperCase();
  if (!/^[A-Z]+$/.test(method))
    throw new InputError('method', `must be an HTTP method such as GET or POST (got "${inputs.method}")`);
  if (inputs.body !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new InputError(
      'body',
      `cannot be sent with ${method}; set method to POST (or another method that takes a body)`,
    );
  }

  const headerLines = splitLines(inputs.headers ?? '');
  const headers = headerLines.map((line, i) => lineOf('headers', i, () => parseHeaderLine(line), HeaderSyntaxError));

  const jsonLines = splitLines(inputs.json ?? '');
  const json: JsonAssertion[] = jsonLines.map((line, i) =>
    lineOf('json', i, () => parseAssertion(line), AssertionSyntaxError, line),
  );

  const backoff = parseBackoff(inputs.backoff);
  if (!backoff) throw new InputError('backoff', `must be ${BACKOFF_FORMS} (got "${inputs.backoff}")`);

  return {
    urls,
    method,
    headers,
    body: inputs.body,
    expectedStatus: wrap('expected-status', () => parseStatusRanges(inputs['expected-status']), StatusSyntaxError),
    json,
    bodyContains: inputs['body-contains'],
    bodyRegex: inputs['body-regex'] === undefined ? undefined : regexInput('body-regex', inputs['body-regex']),
    expectVersion: inputs['expect-version'],
    versionPath: wrap(
      'json-version-path',
      () => parsePath(inputs['json-version-path']),
      PathSyntaxError,
      'is not a valid JSON path: ',
    ),
    timeoutMs: positive('timeout', inputs.timeout),
    // A zero wait would poll the service as fast as it answers: a request flood, not a health check.
    intervalMs: positive('interval', inputs.interval),
    backoff,
    maxIntervalMs: positive('max-interval', inputs['max-interval']),
    maxAttempts: inputs['max-attempts'],
    deadlineMs: positive('deadline', inputs.deadline),
    consecutiveSuccesses: inputs['consecutive-successes'] ?? 1,
    failureThreshold: inputs['failure-threshold'] ?? 3,
    maxLatencyMs: inputs['max-latency'] === undefined ? undefined : positive('max-latency', inputs['max-latency']),
    followRedirects: inputs['follow-redirects'],
    insecureTls: inputs['insecure-tls'],
    failOnUnhealthy: inputs['fail-on-unhealthy'],
    redactQueryParams,
  };
}

type ErrorClass = new (...args: never[]) => Error;

function lineOf<T>(input: string, index: number, parse: () => T, expected: ErrorClass, source?: string): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof expected)) throw error;
    const got = source === undefined ? '' : ` (got "${source}")`;
    throw new InputError(input, `line ${index + 1}: ${error.message}${got}`);
  }
}

function wrap<T>(input: string, parse: () => T, expected: ErrorClass, prefix = ''): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof expected) throw new InputError(input, `${prefix}${error.message}`);
    throw error;
  }
}

function regexInput(input: string, text: string): RegExp {
  try {
    return parseRegex(text);
  } catch (error) {
    throw new InputError(input, `is not a valid regular expression: ${regexProblem(error)}`);
  }
}

function positive(input: string, ms: number): number {
  if (ms <= 0) throw new InputError(input, 'must be longer than 0');
  return ms;
}

/** `redact-query-params`: names separated by commas, spaces or newlines; an InputError for anything else. */
export function parseQueryParamNames(text: string | undefined): string[] {
  const names = (text ?? '').split(/[\s,]+/).filter((name) => name !== '');
  const bad = names.find((name) => !/^[\w.~[\]-]+$/.test(name));
  if (bad !== undefined) {
    throw new InputError(
      'redact-query-params',
      `"${bad}" is not a query parameter name (expected names such as session_id, separated by commas or newlines)`,
    );
  }
  return names;
}
