import { describe, expect, it } from '@jest/globals';
import { check, kinds, scriptedServers, statuses } from './check-helpers';
import { closedPort, json } from './scripted-server';

// The deadline is 20s and the interval 20ms: without the definite-failure rule each of
// these would poll hundreds of times. A count of 3 shows the check stopped on its own.
const serve = scriptedServers();

describe('a release that answers and fails a check', () => {
  it('is unhealthy after failure-threshold (3) answers in a row, naming the assertion', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { status: 'unhealthy' }));
    const { report, lines } = await check([`${server.origin}/health`], { json: 'status == "ok"' });
    expect(report.healthy).toBe(false);
    expect(report.attempts).toBe(3);
    expect(kinds(report)).toEqual(['failed', 'failed', 'failed']);
    expect(report.urls[0]?.reason).toMatch(
      /^unhealthy: the release answered and failed 3 times in a row \(failure-threshold 3, after [\d.]+m?s\): status is "unhealthy", expected "ok"$/,
    );
    expect(report.checks).toContain('unhealthy after 3 failed answers in a row');
    expect(lines[0]).toMatch(
      /: HTTP 200 OK in [\d.]+m?s: failed \(1 of 3 in a row\): status is "unhealthy", expected "ok"; next/,
    );
    expect(lines[2]).toMatch(
      /failed \(3 of 3 in a row\): .*; giving up: the release answered and failed 3 times in a row$/,
    );
  });

  it('takes the threshold from failure-threshold', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { status: 'unhealthy' }));
    const once = await check([server.origin], { json: 'status == ok', 'failure-threshold': '1' });
    expect(once.report.attempts).toBe(1);
    expect(once.report.urls[0]?.reason).toMatch(/^unhealthy: the release answered and failed once /);
    const five = await check([server.origin], { json: 'status == ok', 'failure-threshold': '5' });
    expect(five.report.attempts).toBe(5);
  });

  it('fails a JSON path that is missing from a 2xx answer (a typo) instead of polling to the deadline', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { status: 'ok' }));
    const { report } = await check([server.origin], { json: 'stauts == "ok"' });
    expect(report.attempts).toBe(3);
    expect(report.urls[0]?.reason).toMatch(/: stauts is missing \(wanted stauts == "ok"\)$/);
  });

  it('counts a 500 as the release failing, but polls through 502/503/504 and refused connections', async () => {
    const failing = await serve((_n, _req, res) => json(res, 500, {}));
    const failed = await check([failing.origin]);
    expect(statuses(failed.report)).toEqual([500, 500, 500]);

    const pattern = [502, 503, 504, 503, 200];
    const starting = await serve((n, _req, res) => json(res, pattern[n - 1] ?? 200, {}));
    const passed = await check([starting.origin]);
    expect(passed.report.healthy).toBe(true);
    expect(kinds(passed.report)).toEqual(['not-ready', 'not-ready', 'not-ready', 'not-ready', 'healthy']);

    const port = await closedPort();
    const refused = await check([`http://127.0.0.1:${port}/`], { 'max-attempts': '5' });
    expect(kinds(refused.report)).toEqual(['not-ready', 'not-ready', 'not-ready', 'not-ready', 'not-ready']);
    expect(refused.report.urls[0]?.reason).toMatch(/^unhealthy: max-attempts 5 reached/);
  });

  it('needs the failures in a row: a "not ready" answer in between starts the count again', async () => {
    const pattern = [500, 500, 503, 500, 500, 500];
    const server = await serve((n, _req, res) => json(res, pattern[n - 1] ?? 200, {}));
    const { report } = await check([server.origin]);
    expect(statuses(report)).toEqual(pattern);
    expect(kinds(report)).toEqual(['failed', 'failed', 'not-ready', 'failed', 'failed', 'failed']);
  });

  it('does not count the old version still answering, whatever its answer says', async () => {
    const server = await serve((n, _req, res) =>
      json(res, 200, n <= 5 ? { version: '1.1.0', status: 'unhealthy' } : { version: '1.2.0', status: 'ok' }),
    );
    const { report } = await check([server.origin], { 'expect-version': 'v1.2.0', json: 'status == ok' });
    expect(report.healthy).toBe(true);
    expect(kinds(report)).toEqual(['not-ready', 'not-ready', 'not-ready', 'not-ready', 'not-ready', 'healthy']);
  });

  it('fails the expected version when it answers and fails an assertion', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { version: '1.2.0', status: 'unhealthy' }));
    const { report } = await check([server.origin], { 'expect-version': 'v1.2.0', json: 'status == ok' });
    expect(report.attempts).toBe(3);
    expect(report.urls[0]?.reason).toMatch(/: status is "unhealthy", expected "ok"$/);
  });
});
