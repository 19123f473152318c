import { describe, expect, it } from '@jest/globals';
import { InputError } from '@deploy-kit/action-kit';
import { parseHealthCheckInputs } from './fields';
import { toHealthCheckOptions } from './options';

const url = ['https://example.com/api/health'];
const options = (raw: Parameters<typeof parseHealthCheckInputs>[0], urls = url) =>
  toHealthCheckOptions(urls, parseHealthCheckInputs(raw));

describe('toHealthCheckOptions', () => {
  it('applies the documented defaults', () => {
    const parsed = options({});
    expect(parsed).toMatchObject({
      method: 'GET',
      headers: [],
      expectedStatus: [{ min: 200, max: 299 }],
      json: [],
      versionPath: ['version'],
      timeoutMs: 5000,
      intervalMs: 2000,
      backoff: { kind: 'exponential', factor: 1.5 },
      maxIntervalMs: 30_000,
      maxAttempts: undefined,
      deadlineMs: 300_000,
      consecutiveSuccesses: 1,
      failureThreshold: 3,
      maxLatencyMs: undefined,
      followRedirects: true,
      insecureTls: false,
      failOnUnhealthy: true,
      redactQueryParams: [],
    });
  });

  it('reads every input', () => {
    const parsed = options({
      method: 'post',
      headers: 'Authorization: Bearer abc\nX-Probe:  deploy-kit ',
      body: '{"ping":true}',
      'expected-status': '200,204',
      json: 'status == ok\nchecks.db exists',
      'body-contains': 'ok',
      'body-regex': '/OK/i',
      'expect-version': 'v1.2.0',
      'json-version-path': 'build.version',
      timeout: '500ms',
      interval: '1s',
      backoff: 'linear',
      'max-interval': '10s',
      'max-attempts': '7',
      deadline: '2m',
      'consecutive-successes': '3',
      'max-latency': '800ms',
      'follow-redirects': 'false',
      'insecure-tls': 'true',
      'fail-on-unhealthy': 'false',
    });
    expect(parsed).toMatchObject({
      method: 'POST',
      headers: [
        ['Authorization', 'Bearer abc'],
        ['X-Probe', 'deploy-kit'],
      ],
      body: '{"ping":true}',
      expectedStatus: [
        { min: 200, max: 200 },
        { min: 204, max: 204 },
      ],
      bodyContains: 'ok',
      expectVersion: 'v1.2.0',
      versionPath: ['build', 'version'],
      timeoutMs: 500,
      intervalMs: 1000,
      backoff: { kind: 'linear' },
      maxIntervalMs: 10_000,
      maxAttempts: 7,
      deadlineMs: 120_000,
      consecutiveSuccesses: 3,
      maxLatencyMs: 800,
      followRedirects: false,
      insecureTls: true,
      failOnUnhealthy: false,
    });
    expect(parsed.json.map((a) => a.text)).toEqual(['status == "ok"', 'checks.db exists']);
    expect(parsed.bodyRegex?.test('all ok')).toBe(true);
  });

  it.each([
    [
      { json: 'status == ok\nchecks.db is up' },
      url,
      'Input "json" line 2: "is up" after the path checks.db; expected PATH == VALUE, PATH != VALUE, PATH exists or PATH =~ REGEX (got "checks.db is up")',
    ],
    [{ json: 'version =~ [' }, url, 'Input "json" line 1: bad regular expression'],
    [{ headers: 'Accept: application/json\nno colon here' }, url, 'Input "headers" line 2: expected "Name: value"'],
    [{ headers: 'Bad Name: x' }, url, 'Input "headers" line 1: "Bad Name" is not a valid header name'],
    [{}, ['https://ok.example/health', 'not a url'], 'Input "url" line 2: "not a url" is not a valid URL'],
    [{}, ['ftp://example.com/x'], 'Input "url" line 1: "ftp://example.com/x" must start with http:// or https://'],
    [
      {},
      ['http://127.0.0.1:6000/health'],
      'Input "url" line 1: "http://127.0.0.1:6000/health" uses port 6000, which fetch always refuses (a "bad port"); serve the check on another port',
    ],
    [{}, [], 'Input "url" is required'],
    [{ 'expected-status': '200-2999' }, url, 'Input "expected-status" item "200-2999"'],
    [{ 'expected-status': '99' }, url, 'Input "expected-status" item "99"'],
    [{ timeout: '5 seconds' }, url, 'Input "timeout" must be a duration such as 500ms, 5s or 2m (got "5 seconds")'],
    [{ timeout: '0s' }, url, 'Input "timeout" must be longer than 0'],
    [{ deadline: 'soon' }, url, 'Input "deadline" must be a duration'],
    [{ 'max-latency': 'fast' }, url, 'Input "max-latency" must be a duration'],
    [{ interval: '-1s' }, url, 'Input "interval" must be a duration'],
    [{ interval: '0' }, url, 'Input "interval" must be longer than 0'],
    [{ interval: '0s' }, url, 'Input "interval" must be longer than 0'],
    [{ 'max-interval': '0ms' }, url, 'Input "max-interval" must be longer than 0'],
    [{ backoff: 'fibonacci' }, url, 'Input "backoff" must be exponential, exponential:FACTOR'],
    [{ 'max-attempts': '0' }, url, 'Input "max-attempts" must be a whole number from 1'],
    [{ 'consecutive-successes': 'two' }, url, 'Input "consecutive-successes" must be a whole number'],
    [{ 'follow-redirects': 'yes' }, url, 'Input "follow-redirects" must be true or false'],
    [{ 'body-regex': '(' }, url, 'Input "body-regex" is not a valid regular expression'],
    [{ 'json-version-path': 'build..version' }, url, 'Input "json-version-path" is not a valid JSON path'],
    [{ method: 'GE T' }, url, 'Input "method" must be'],
    [{ 'failure-threshold': '0' }, url, 'Input "failure-threshold" must be a whole number from 1 to 1000'],
    [
      { 'redact-query-params': 'session id=1' },
      url,
      'Input "redact-query-params" "id=1" is not a query parameter name',
    ],
    [{ json: 'status === ok' }, url, 'Input "json" line 1: "===" is not an operator'],
    [{ body: 'x' }, url, 'Input "body" cannot be sent with GET'],
  ])('rejects %j %j', (raw, urls, message) => {
    const attempt = () => options(raw, urls);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
  });

  it('never echoes a URL password or a header value in an error', () => {
    const attempt = () => options({}, ['ftp://deploy:hunter22@example.com/x']);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('"ftp://deploy:***@example.com/x"');
    expect(attempt).not.toThrow(/hunter22/);
    const badHeader = () => options({ headers: 'Authorization Bearer s3cr3t-token' });
    expect(badHeader).toThrow(InputError);
    expect(badHeader).toThrow('Input "headers" line 1');
    expect(badHeader).not.toThrow(/s3cr3t/);
  });

  it('names the URL input it was given for errors', () => {
    expect(() => toHealthCheckOptions(['nope'], parseHealthCheckInputs(), { url: 'health-url' })).toThrow(
      'Input "health-url" line 1',
    );
  });

  it('reads failure-threshold and the extra secret query parameter names', () => {
    const parsed = options({ 'failure-threshold': '5', 'redact-query-params': 'session_id, tenant\nX-Sig' });
    expect(parsed).toMatchObject({ failureThreshold: 5, redactQueryParams: ['session_id', 'tenant', 'X-Sig'] });
  });

  it('never echoes a secret query value in a URL error', () => {
    const attempt = () =>
      options({ 'redact-query-params': 'session' }, ['ftp://example.com/x?token=t0ps3cret&session=s3ss&page=2']);
    expect(attempt).toThrow('"ftp://example.com/x?token=***&session=***&page=2"');
    expect(attempt).not.toThrow(/t0ps3cret|s3ss/);
  });
});
