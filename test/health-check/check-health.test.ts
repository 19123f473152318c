import { afterEach, describe, expect, it } from '@jest/globals';
import { formatDuration } from '@deploy-kit/action-kit';
import { checkHealth, parseHealthCheckInputs, toHealthCheckOptions, type HealthReport } from '@deploy-kit/health';
import {
  closedPort,
  json,
  selfSignedCertificate,
  startScriptedServer,
  type Script,
  type ScriptedServer,
} from './scripted-server';

// Real servers on 127.0.0.1 with scripted behaviour, checked by the library as deploy and rollback call it.
const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve(script: Script, tls?: { key: string; cert: string }): Promise<ScriptedServer> {
  const server = await startScriptedServer(script, tls);
  servers.push(server);
  return server;
}

const fast = { interval: '20ms', backoff: 'constant', timeout: '2s', deadline: '20s' };

async function check(urls: string[], raw: Parameters<typeof parseHealthCheckInputs>[0] = {}, signal?: AbortSignal) {
  const lines: string[] = [];
  const report = await checkHealth(toHealthCheckOptions(urls, parseHealthCheckInputs({ ...fast, ...raw })), {
    log: (line) => lines.push(line),
    signal,
  });
  return { report, lines };
}

const statuses = (report: HealthReport, i = 0) => report.urls[i]?.attempts.map((a) => a.status);
const errors = (report: HealthReport, i = 0) => report.urls[i]?.attempts.map((a) => a.error);

describe('checkHealth against real servers', () => {
  it('waits through 503s until the service turns healthy', async () => {
    const server = await serve((n, _req, res) => json(res, n <= 2 ? 503 : 200, { status: n <= 2 ? 'starting' : 'ok' }));
    const { report, lines } = await check([`${server.origin}/api/health`], { json: 'status == ok' });
    expect(report.healthy).toBe(true);
    expect(report.attempts).toBe(3);
    expect(statuses(report)).toEqual([503, 503, 200]);
    expect(report.latencyMs).toBe(report.urls[0]?.attempts[2]?.latencyMs);
    expect(lines[0]).toMatch(
      new RegExp(
        `^attempt 1 ${server.origin}/api/health: HTTP 503 Service Unavailable in [\\d.]+m?s: not ready: status 503 is not 200-299; next attempt in 20ms$`,
      ),
    );
    expect(lines[2]).toMatch(/^attempt 3 .*: HTTP 200 OK in [\d.]+m?s: healthy$/);
  });

  it('needs consecutive-successes passes in a row when the service flaps', async () => {
    const pattern = [200, 503, 200, 503, 200, 200, 200];
    const server = await serve((n, _req, res) => json(res, pattern[n - 1] ?? 200, { status: 'x' }));
    const { report, lines } = await check([server.origin], { 'consecutive-successes': '3' });
    expect(report.healthy).toBe(true);
    expect(statuses(report)).toEqual(pattern);
    expect(lines).toContain(lines.find((l) => /^attempt 5 .*passed \(1 of 3 in a row\)/.test(l)));
    expect(lines[6]).toMatch(/^attempt 7 .*: healthy \(3 in a row\)$/);
  });

  it('fails a service that keeps flapping', async () => {
    const server = await serve((n, _req, res) => json(res, n % 2 ? 200 : 503, {}));
    const { report } = await check([server.origin], { 'consecutive-successes': '2', 'max-attempts': '6' });
    expect(report.healthy).toBe(false);
    expect(report.attempts).toBe(6);
    expect(report.urls[0]?.reason).toMatch(
      /^unhealthy: max-attempts 6 reached after [\d.]+m?s; last: status 503 is not 200-299$/,
    );
  });

  it('catches the old version still answering, then passes once the new one does', async () => {
    const server = await serve((n, _req, res) => json(res, 200, { status: 'ok', version: n <= 3 ? '1.1.0' : '1.2.0' }));
    const { report, lines } = await check([`${server.origin}/api/health`], { 'expect-version': 'v1.2.0' });
    expect(report.healthy).toBe(true);
    expect(statuses(report)).toEqual([200, 200, 200, 200]);
    expect(errors(report)?.[0]).toBe('version is "1.1.0", expected "v1.2.0" (an older version may still be answering)');
    expect(lines[0]).toContain('HTTP 200 OK');
    expect(lines[0]).toContain('not ready: version is "1.1.0"');
    expect(report.urls[0]?.attempts.map((a) => a.kind)).toEqual(['not-ready', 'not-ready', 'not-ready', 'healthy']);
  });

  it('reports unhealthy when only the old version ever answers', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { build: { version: '1.1.0' } }));
    const url = `${server.origin}/api/health`;
    const { report } = await check([url], {
      'expect-version': '1.2.0',
      'json-version-path': 'build.version',
      'max-attempts': '3',
    });
    expect(report).toMatchObject({ healthy: false, attempts: 3, failingUrl: url });
    expect(report.latencyMs).toBeUndefined();
    expect(report.urls[0]?.reason).toContain('build.version is "1.1.0", expected "1.2.0"');
  });

  it('times out a service that never answers, and stops at max-attempts', async () => {
    const server = await serve(() => 'hang');
    const { report, lines } = await check([server.origin], { timeout: '200ms', 'max-attempts': '2' });
    expect(report.healthy).toBe(false);
    expect(errors(report)).toEqual(['no answer within 200ms', 'no answer within 200ms']);
    expect(statuses(report)).toEqual([undefined, undefined]);
    expect(lines[1]).toMatch(
      /^attempt 2 .*: not ready after [\d.]+m?s: no answer within 200ms; giving up: max-attempts 2 reached$/,
    );
  });

  it('gives up on a service that never answers when the deadline comes first', async () => {
    const server = await serve(() => 'hang');
    const { report, lines } = await check([server.origin], { timeout: '300ms', deadline: '1s' });
    expect(report.healthy).toBe(false);
    expect(report.attempts).toBeGreaterThanOrEqual(2);
    const seen = new Set(errors(report));
    seen.delete('no answer before the 1s deadline');
    expect([...seen]).toEqual(['no answer within 300ms']);
    expect(report.urls[0]?.reason).toMatch(
      /^unhealthy: no time left for another attempt before the 1s deadline \(checked for [\d.]+m?s, \d+ attempts\)/,
    );
    // The real time it took, however late a loaded machine ran the timers (1000 ms or more reads `1s`).
    expect(report.urls[0]?.reason).toContain(`(checked for ${formatDuration(report.urls[0]?.durationMs ?? 0)},`);
    expect(lines.at(-1)).toContain('giving up: no time left for another attempt before the 1s deadline');
  });

  // With a 2s interval the third attempt (at 4s) would cross the 3s deadline; the wait is
  // shortened so it starts 500ms (the shortest attempt worth making) before the deadline.
  const nearDeadline = { interval: '2s', backoff: 'constant', timeout: '500ms', deadline: '3s' };

  it('shortens the wait that would cross the deadline, so one more attempt runs before it', async () => {
    const server = await serve((n, _req, res) => json(res, n <= 2 ? 503 : 200, { status: 'ok' }));
    const { report, lines } = await check([server.origin], nearDeadline);
    expect(report.healthy).toBe(true);
    expect(statuses(report)).toEqual([503, 503, 200]);
    expect(lines[1]).toMatch(
      /not ready: status 503 is not 200-299; next attempt in [\d.]+m?s \(shortened to fit the 3s deadline\)$/,
    );
  });

  it('polls "not ready" answers for the whole deadline, then says how long it really checked', async () => {
    const server = await serve((_n, _req, res) => json(res, 503, { status: 'starting' }));
    const { report, lines } = await check([server.origin], nearDeadline);
    expect(report.healthy).toBe(false);
    expect(statuses(report)).toEqual([503, 503, 503]);
    // The last attempt starts at most 500ms before the deadline: the time was used, not given up early.
    expect(report.urls[0]?.attempts[2]?.startedMs).toBeGreaterThanOrEqual(2400);
    expect(report.durationMs).toBeGreaterThanOrEqual(2500);
    expect(report.urls[0]?.reason).toMatch(
      /^unhealthy: no time left for another attempt before the 3s deadline \(checked for [\d.]+s, 3 attempts\); last: status 503 is not 200-299$/,
    );
    expect(report.urls[0]?.reason).toContain(`checked for ${formatDuration(report.urls[0]?.durationMs ?? 0)},`);
    expect(lines.at(-1)).toMatch(/^attempt 3 .*giving up: no time left for another attempt before the 3s deadline$/);
  });

  // The case: the defaults (2s interval, exponential, 5s timeout) against a 503 with an
  // 8s deadline stopped at 4.9s. Now it gives up only with less than 500ms left.
  it('uses the whole 8s deadline with the default polling', async () => {
    const server = await serve((_n, _req, res) => json(res, 503, {}));
    const { report, lines } = await check([server.origin], {
      interval: '2s',
      backoff: 'exponential',
      timeout: '5s',
      deadline: '8s',
    });
    expect(report.healthy).toBe(false);
    expect(report.durationMs).toBeGreaterThanOrEqual(7500);
    expect(report.urls[0]?.reason).toContain(`(checked for ${formatDuration(report.urls[0]?.durationMs ?? 0)},`);
    expect(lines.join('\n')).not.toMatch(/last attempt/);
  }, 30_000);

  it('never says "last attempt", and no attempt starts after the deadline', async () => {
    // A timeout longer than the time left: the attempts' timeouts are clipped, not the deadline stretched.
    const server = await serve((_n, _req, res) => json(res, 503, {}));
    const { report, lines } = await check([server.origin], {
      interval: '700ms',
      backoff: 'constant',
      timeout: '5s',
      deadline: '2500ms',
    });
    expect(report.healthy).toBe(false);
    expect(lines.join('\n')).not.toMatch(/last attempt/);
    const starts = report.urls[0]?.attempts.map((a) => a.startedMs) ?? [];
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (const started of starts) expect(started).toBeLessThan(2500);
    expect(report.durationMs).toBeGreaterThanOrEqual(2000);
  });

  it('times out an answer whose body never ends', async () => {
    const server = await serve((_n, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
      return 'hang';
    });
    const { report } = await check([server.origin], { timeout: '300ms', 'max-attempts': '1' });
    expect(report.healthy).toBe(false);
    expect(errors(report)).toEqual(['no answer within 300ms']);
  });

  it('checks the body as text with body-contains and body-regex, and sends HEAD without a body', async () => {
    const server = await serve((_n, req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.method === 'HEAD' ? undefined : 'app v1.2.0 ready\n');
    });
    const good = await check([server.origin], { 'body-contains': 'v1.2.0', 'body-regex': '/^APP .* READY$/im' });
    expect(good.report.healthy).toBe(true);
    const bad = await check([server.origin], {
      'body-contains': 'v1.3.0',
      'body-regex': 'starting',
      'max-attempts': '1',
    });
    expect(errors(bad.report)).toEqual(['body does not contain "v1.3.0"; body does not match /starting/']);
    const head = await check([server.origin], { method: 'HEAD' });
    expect(head.report.healthy).toBe(true);
    expect(server.requests.at(-1)?.method).toBe('HEAD');
  });

  it('counts answers slower than max-latency as failures', async () => {
    const server = await serve((_n, _req, res) => void setTimeout(() => json(res, 200, { status: 'ok' }), 300));
    const slow = await check([server.origin], { 'max-latency': '100ms', 'max-attempts': '2' });
    expect(slow.report.healthy).toBe(false);
    expect(errors(slow.report)?.[0]).toMatch(/^took [\d.]+m?s, over max-latency 100ms$/);
    const relaxed = await check([server.origin], { 'max-latency': '5s' });
    expect(relaxed.report.healthy).toBe(true);
    expect(relaxed.report.latencyMs).toBeGreaterThanOrEqual(300);
  });

  describe('redirects', () => {
    const redirecting: Script = (_n, req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/api/health' }).end();
      } else if (req.url === '/loop') {
        res.writeHead(301, { location: '/loop' }).end();
      } else {
        json(res, 200, { status: 'ok' });
      }
    };

    it('follows them by default, and says which URL answered', async () => {
      const server = await serve(redirecting);
      const { report, lines } = await check([`${server.origin}/old`], { json: 'status == ok' });
      expect(report.healthy).toBe(true);
      expect(statuses(report)).toEqual([200]);
      expect(server.requests.map((r) => r.url)).toEqual(['/old', '/api/health']);
      expect(report.urls[0]?.url).toBe(`${server.origin}/old`);
      expect(report.urls[0]?.attempts[0]?.finalUrl).toBe(`${server.origin}/api/health`);
      expect(lines[0]).toMatch(
        new RegExp(`^attempt 1 ${server.origin}/old \\(redirected to ${server.origin}/api/health\\): HTTP 200 OK`),
      );
    });

    it('records no final URL when nothing redirected', async () => {
      const server = await serve(redirecting);
      const { report, lines } = await check([`${server.origin}/api/health`]);
      expect(report.urls[0]?.attempts[0]?.finalUrl).toBeUndefined();
      expect(lines[0]).not.toContain('redirected');
    });

    it('keeps credential headers within the origin and drops them when a redirect leaves it', async () => {
      const elsewhere = await serve((_n, _req, res) => json(res, 200, { status: 'ok' }));
      const server = await serve((_n, req, res) => {
        if (req.url === '/same') res.writeHead(307, { location: '/away' }).end();
        else if (req.url === '/away') res.writeHead(302, { location: `${elsewhere.origin}/api/health` }).end();
        else json(res, 500, {});
      });
      const url = `http://deploy:pa55word@127.0.0.1:${server.port}/same`;
      const headers = 'X-Api-Key: k3y-value\nX-Session-Id: s3ssion\nCookie: sid=c00kie\nX-Trace: trace-1';
      const { report } = await check([url], { headers, 'max-attempts': '1' });
      expect(report.healthy).toBe(true);
      expect(report.urls[0]?.attempts[0]?.finalUrl).toBe(`${elsewhere.origin}/api/health`);
      for (const seen of server.requests) {
        expect(seen.headers).toMatchObject({
          'x-api-key': 'k3y-value',
          'x-session-id': 's3ssion',
          cookie: 'sid=c00kie',
        });
        expect(seen.headers.authorization).toMatch(/^Basic /);
      }
      expect(server.requests.map((r) => r.url)).toEqual(['/same', '/away']);
      const [away] = elsewhere.requests;
      expect(away?.headers['x-trace']).toBe('trace-1');
      for (const name of ['x-api-key', 'x-session-id', 'cookie', 'authorization']) {
        expect(away?.headers[name]).toBeUndefined();
      }
    });

    it('turns a POST into a GET without its body on a 303', async () => {
      const server = await serve((_n, req, res) => {
        if (req.url === '/submit') res.writeHead(303, { location: '/api/health' }).end();
        else json(res, 200, { status: 'ok' });
      });
      const { report } = await check([`${server.origin}/submit`], {
        method: 'POST',
        body: '{"ping":1}',
        headers: 'Content-Type: application/json',
      });
      expect(report.healthy).toBe(true);
      expect(server.requests.map((r) => [r.method, r.url, r.body, r.headers['content-type']])).toEqual([
        ['POST', '/submit', '{"ping":1}', 'application/json'],
        ['GET', '/api/health', '', undefined],
      ]);
    });

    it('judges the 3xx itself when follow-redirects is false', async () => {
      const server = await serve(redirecting);
      const { report } = await check([`${server.origin}/old`], { 'follow-redirects': 'false', 'max-attempts': '1' });
      expect(report.healthy).toBe(false);
      expect(errors(report)).toEqual([
        'status 302 is not 200-299 (redirect to /api/health not followed: follow-redirects is false)',
      ]);
      expect(server.requests.map((r) => r.url)).toEqual(['/old']);
      const accepted = await check([`${server.origin}/old`], { 'follow-redirects': 'false', 'expected-status': '3xx' });
      expect(accepted.report.healthy).toBe(true);
      expect(statuses(accepted.report)).toEqual([302]);
    });

    it('fails a redirect loop', async () => {
      const server = await serve(redirecting);
      const { report } = await check([`${server.origin}/loop`], { 'max-attempts': '1' });
      expect(errors(report)).toEqual(['too many redirects']);
    });
  });

  describe('TLS', () => {
    const certificate = selfSignedCertificate();

    it('fails a self-signed certificate by default', async () => {
      const server = await serve((_n, _req, res) => json(res, 200, { status: 'ok' }), certificate);
      const { report } = await check([server.origin], { 'max-attempts': '1' });
      expect(report.healthy).toBe(false);
      expect(errors(report)?.[0]).toMatch(
        /^TLS error: .*self[- ]signed certificate.*; set insecure-tls: true only for a server you trust$/,
      );
      expect(server.requests).toHaveLength(0);
    });

    it('passes it with insecure-tls', async () => {
      const server = await serve((_n, _req, res) => json(res, 200, { status: 'ok' }), certificate);
      const { report } = await check([server.origin], { 'insecure-tls': 'true', json: 'status == ok' });
      expect(report.healthy).toBe(true);
      expect(report.checks).toContain('TLS certificates NOT verified');
    });
  });

  it('never counts a refused connection as a success', async () => {
    const port = await closedPort();
    const { report } = await check([`http://127.0.0.1:${port}/health`], {
      'max-attempts': '2',
      'expected-status': '100-599',
    });
    expect(report.healthy).toBe(false);
    expect(errors(report)).toEqual([
      `connection refused by 127.0.0.1:${port}`,
      `connection refused by 127.0.0.1:${port}`,
    ]);
  });

  it('sends the method, headers, body and URL credentials', async () => {
    const server = await serve((_n, req, res) => json(res, 200, req));
    const url = `http://deploy:p%40ss@127.0.0.1:${server.port}/hook`;
    const { report } = await check([url], {
      method: 'POST',
      headers: 'X-Probe: deploy-kit\nContent-Type: application/json',
      body: '{"ping":true}',
      json: 'method == POST\nbody == "{\\"ping\\":true}"\nheaders["x-probe"] == deploy-kit',
    });
    expect(report.healthy).toBe(true);
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('deploy:p@ss').toString('base64')}`);
    expect(report.urls[0]?.url).toBe(`http://deploy:***@127.0.0.1:${server.port}/hook`);
    expect(JSON.stringify(report)).not.toContain('p%40ss');
  });

  describe('several URLs', () => {
    it('checks them at once and passes only when all pass', async () => {
      const a = await serve((n, _req, res) => json(res, n < 3 ? 503 : 200, {}));
      const b = await serve((_n, _req, res) => json(res, 200, {}));
      const { report } = await check([a.origin, b.origin]);
      expect(report.healthy).toBe(true);
      expect(report.urls.map((u) => [u.url, u.outcome, u.attempts.length])).toEqual([
        [`${a.origin}/`, 'healthy', 3],
        [`${b.origin}/`, 'healthy', 1],
      ]);
      expect(report.attempts).toBe(4);
      // Concurrently: b answered before a's second attempt started.
      expect(report.urls[1]?.attempts[0]?.startedMs).toBeLessThan(report.urls[0]?.attempts[1]?.startedMs ?? 0);
    });

    it('names the failing URL and stops the others once one has failed', async () => {
      const port = await closedPort();
      const stuck = await serve(() => 'hang');
      const dead = `http://127.0.0.1:${port}/health`;
      const { report, lines } = await check([stuck.origin, dead], {
        'max-attempts': '2',
        timeout: '60s',
        deadline: '2m',
      });
      expect(lines.at(-1)).toBe(`${stuck.origin}/: stopped: ${dead} was found unhealthy (after 0 attempts)`);
      expect(report.healthy).toBe(false);
      expect(report.urls[1]?.outcome).toBe('unhealthy');
      expect(report.urls[0]?.outcome).toBe('stopped');
      expect(report.urls[0]?.reason).toBe(`stopped: ${dead} was found unhealthy`);
      expect(report.failingUrl).toBe(dead);
      expect(stuck.requests).toHaveLength(1);
    }, 30_000);
  });

  it('stops when the caller cancels, and says so', async () => {
    const server = await serve(() => 'hang');
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 300);
    const { report } = await check([server.origin], { timeout: '30s', deadline: '60s' }, cancel.signal);
    expect(report.healthy).toBe(false);
    expect(report.urls[0]?.outcome).toBe('stopped');
    expect(report.urls[0]?.reason).toBe('stopped: the check was cancelled');
    expect(report.attempts).toBe(0);
  });
});
