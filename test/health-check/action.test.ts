import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { leakedSecrets, runBundledAction, visibleOutput } from '../support/run-bundled-action';
import { json, startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

// The bundled action, run as the runner runs it, against real local servers.
const bundle = resolve(import.meta.dirname, '../../dist/health-check/index.js');
const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
beforeAll(() => {
  if (!existsSync(bundle))
    throw new Error('dist/health-check/index.js is missing: run `node scripts/build.js health-check`');
});

async function serve(script: Script): Promise<ScriptedServer> {
  const server = await startScriptedServer(script);
  servers.push(server);
  return server;
}

const fast = { interval: '50ms', backoff: 'constant' };
const rolling: Script = (n, _req, res) =>
  json(res, n <= 2 ? 503 : 200, { status: 'ok', version: n <= 2 ? '1.1.0' : '1.2.0' });
const run = (inputs: Record<string, string>) =>
  runBundledAction('health-check', { inputs: { ...fast, ...inputs }, timeoutMs: 60_000 });

describe('health-check action', () => {
  it('passes once the new version is healthy, with outputs, log lines and a summary', async () => {
    const server = await serve(rolling);
    const url = `${server.origin}/api/health`;
    const result = await run({ url, 'expect-version': 'v1.2.0', json: 'status == ok' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ healthy: 'true', attempts: '3', 'failing-url': '' });
    expect(Number(result.outputs['duration-ms'])).toBeGreaterThan(0);
    expect(result.outputs['latency-ms']).toMatch(/^\d+$/);
    const report = JSON.parse(result.outputs.report ?? '{}') as { urls: { attempts: { status: number }[] }[] };
    expect(report.urls[0]?.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(result.log).toContain(`attempt 1 ${url}: HTTP 503 Service Unavailable in `);
    expect(result.log).toMatch(new RegExp(`attempt 3 ${url}: HTTP 200 OK in [\\d.]+m?s: healthy`));
    expect(result.summary).toContain('## Health check');
    expect(result.summary).toContain('✅ **Healthy**: 1 URL passed in');
    expect(result.summary).toContain(`| ${url} | ✅ healthy | 3 |`);
    expect(result.summary).toContain('| 3 | +');
    expect(result.summary).toContain('version is "v1.2.0"');
  });

  it('fails the step when unhealthy, still setting outputs and the summary', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { version: '1.1.0' }));
    const url = `${server.origin}/api/health`;
    const result = await run({ url, 'expect-version': '1.2.0', 'max-attempts': '2' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `::error::Unhealthy: ${url}: unhealthy: max-attempts 2 reached after [\\d.]+m?s; last: version is "1\\.1\\.0", expected "1\\.2\\.0" \\(an older version may still be answering\\)`,
      ),
    );
    expect(result.outputs).toMatchObject({ healthy: 'false', attempts: '2', 'failing-url': url, 'latency-ms': '' });
    expect(result.summary).toMatch(/❌ \*\*Unhealthy\*\* after [\d.]+m?s: /);
    expect(result.summary).toContain(`: ${url} (unhealthy: max-attempts 2 reached`);
    expect(result.log).not.toMatch(/bug in deploy-kit/);
  });

  it('passes the step with healthy=false when fail-on-unhealthy is false', async () => {
    const server = await serve((_n, _req, res) => json(res, 503, {}));
    const result = await run({ url: server.origin, 'max-attempts': '2', 'fail-on-unhealthy': 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ healthy: 'false', 'failing-url': `${server.origin}/` });
    expect(result.stdout).toContain(`::warning::Unhealthy: ${server.origin}/: unhealthy: max-attempts 2 reached`);
    expect(result.stdout).not.toContain('::error::');
  });

  it.each([
    [
      { json: 'status == ok\nchecks.db is up' },
      'Input "json" line 2: "is up" after the path checks.db; expected PATH == VALUE, PATH != VALUE, PATH exists or PATH =~ REGEX (got "checks.db is up")',
    ],
    [
      { json: 'status === ok' },
      'Input "json" line 1: "===" is not an operator; VALUE is JSON or one word without spaces; expected PATH == VALUE, PATH != VALUE, PATH exists or PATH =~ REGEX (got "status === ok")',
    ],
    [{ 'failure-threshold': '0' }, 'Input "failure-threshold" must be a whole number from 1 to 1000 (got "0")'],
    [{ timeout: 'soon' }, 'Input "timeout" must be a duration such as 500ms, 5s or 2m (got "soon")'],
    [{ 'expected-status': '200-600' }, 'Input "expected-status" item "200-600": 600 is not an HTTP status (100-599)'],
    [
      { backoff: 'sometimes' },
      'Input "backoff" must be exponential, exponential:FACTOR (e.g. exponential:2), linear or constant (got "sometimes")',
    ],
  ])('rejects bad input %j before any request', async (inputs, message) => {
    const server = await serve((_n, _req, res) => json(res, 200, {}));
    const result = await run({ url: server.origin, ...inputs });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`::error::${message}`);
    expect(server.requests).toHaveLength(0);
    expect(result.outputs).toEqual({});
  });

  it('rejects a bad URL on its line before requesting the good one', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, {}));
    const result = await run({ url: `${server.origin}/health\nhttp//typo.example/health` });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('::error::Input "url" line 2: "http//typo.example/health" is not a valid URL');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects interval 0 before any request', async () => {
    const server = await serve((_n, _req, res) => json(res, 503, {}));
    const result = await run({ url: server.origin, interval: '0s' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('::error::Input "interval" must be longer than 0');
    expect(server.requests).toHaveLength(0);
  });

  it('shows the URL that answered after a redirect, in the log, the summary and the report', async () => {
    const server = await serve((_n, req, res) => {
      if (req.url === '/health') res.writeHead(301, { location: '/v2/health' }).end();
      else json(res, 200, { status: 'ok' });
    });
    const url = `${server.origin}/health`;
    const result = await run({ url, json: 'status == ok' });
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(`attempt 1 ${url} (redirected to ${server.origin}/v2/health): HTTP 200 OK in `);
    expect(result.summary).toContain(`Redirected: answered by \`${server.origin}/v2/health\`.`);
    const report = JSON.parse(result.outputs.report ?? '{}') as {
      urls: { url: string; attempts: { finalUrl?: string }[] }[];
    };
    expect(report.urls[0]?.url).toBe(url);
    expect(report.urls[0]?.attempts[0]?.finalUrl).toBe(`${server.origin}/v2/health`);
  });

  it('checks many URLs at once, quietly', async () => {
    const server = await serve((_n, req, res) => json(res, 200, { path: req.url }));
    const urls = Array.from({ length: 40 }, (_, i) => `${server.origin}/service-${i}/health`);
    const result = await run({ url: urls.join('\n'), json: 'path =~ ^/service-\\d+/health$' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ healthy: 'true', attempts: '40' });
    expect(result.stderr).toBe('');
    expect(result.summary).toContain('✅ **Healthy**: 40 URLs passed in');
  });

  it('never prints a URL password or a credential header', async () => {
    const password = 'pw-7Hq2-secret';
    const token = 'Bearer tok-9f8e7d6c5b4a';
    const server = await serve((_n, req, res) => json(res, req.headers.authorization === token ? 503 : 401, {}));
    const result = await run({
      url: `http://deploy:${password}@127.0.0.1:${server.port}/health`,
      headers: `Authorization: ${token}`,
      'max-attempts': '2',
    });
    expect(result.exitCode).toBe(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([token, token]);
    // The runner swallows ::add-mask:: commands; everything else must be clean.
    expect(result.stdout).toContain(`::add-mask::${password}`);
    expect(result.stdout).toContain(`::add-mask::${token}`);
    expect(leakedSecrets(visibleOutput(result), [password, token])).toEqual([]);
    expect(result.outputs['failing-url']).toBe(`http://deploy:***@127.0.0.1:${server.port}/health`);
  });

  it('fails at once when the release answers and fails a check three times in a row, naming the check', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { status: 'unhealthy' }));
    const url = `${server.origin}/api/health`;
    // The deadline is 5 minutes: only the definite-failure rule can end this check in a test's time.
    const result = await run({ url, json: 'status == ok' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ healthy: 'false', attempts: '3', 'failing-url': url });
    expect(result.stdout).toMatch(
      new RegExp(
        `::error::Unhealthy: ${url}: unhealthy: the release answered and failed 3 times in a row \\(failure-threshold 3, after [\\d.]+m?s\\): status is "unhealthy", expected "ok"`,
      ),
    );
    const report = JSON.parse(result.outputs.report ?? '{}') as { urls: { attempts: { kind: string }[] }[] };
    expect(report.urls[0]?.attempts.map((a) => a.kind)).toEqual(['failed', 'failed', 'failed']);
  });

  it('never prints a secret query value, and masks it with the runner', async () => {
    const token = 'qs-tok-4f3e2d1c';
    const tenant = 'acme-private-tenant';
    const server = await serve((_n, _req, res) => json(res, 500, {}));
    const url = `${server.origin}/health?token=${token}&tenant=${tenant}&page=2`;
    const result = await run({ url, 'redact-query-params': 'tenant' });
    expect(result.exitCode).toBe(1);
    expect(server.requests[0]?.url).toBe(`/health?token=${token}&tenant=${tenant}&page=2`);
    expect(result.stdout).toContain(`::add-mask::${token}`);
    expect(result.stdout).toContain(`::add-mask::${tenant}`);
    expect(leakedSecrets(visibleOutput(result), [token, tenant])).toEqual([]);
    const shown = `${server.origin}/health?token=***&tenant=***&page=2`;
    expect(result.outputs['failing-url']).toBe(shown);
    expect(result.stdout).toContain(`::error::Unhealthy: ${shown}: unhealthy:`);
  });
});
