import { describe, expect, it } from '@jest/globals';
import { parseHealthCheckInputs } from './fields';
import { judge, sameVersion } from './judge';
import { toHealthCheckOptions } from './options';
import type { ProbeResult } from './probe';

const checks = (raw: Parameters<typeof parseHealthCheckInputs>[0] = {}) =>
  toHealthCheckOptions(['http://127.0.0.1/health'], parseHealthCheckInputs(raw));
const answer = (status: number, body: unknown, extra: Partial<ProbeResult> = {}): ProbeResult => ({
  status,
  latencyMs: 10,
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  ...extra,
});

describe('judge', () => {
  it('passes a matching answer', () => {
    const options = checks({
      'expect-version': '1.2.0',
      json: 'status == ok',
      'body-contains': '"ok"',
      'max-latency': '50ms',
    });
    expect(judge(answer(200, { status: 'ok', version: '1.2.0' }), options)).toEqual({ kind: 'healthy' });
  });

  it('never passes a network failure, and keeps polling through it', () => {
    expect(judge({ latencyMs: 5000, failure: 'no answer within 5s' }, checks())).toEqual({
      kind: 'not-ready',
      problems: ['no answer within 5s'],
    });
    expect(judge({ latencyMs: 1, failure: 'connection refused by 127.0.0.1:8080' }, checks()).kind).toBe('not-ready');
  });

  it.each([408, 425, 429, 502, 503, 504])('reads status %i as not ready', (status) => {
    expect(judge(answer(status, 'down'), checks())).toEqual({
      kind: 'not-ready',
      problems: [`status ${status} is not 200-299`],
    });
  });

  it.each([500, 404, 401, 400])('reads status %i as a definite failure', (status) => {
    expect(judge(answer(status, 'oops'), checks())).toEqual({
      kind: 'failed',
      problems: [`status ${status} is not 200-299`],
    });
  });

  it('passes a not-ready status that expected-status accepts', () => {
    expect(judge(answer(503, ''), checks({ 'expected-status': '200,503' }))).toEqual({ kind: 'healthy' });
  });

  it('fails an unfollowed redirect, saying where it pointed', () => {
    expect(judge(answer(302, '', { location: '/login' }), checks({ 'follow-redirects': 'false' }))).toEqual({
      kind: 'failed',
      problems: ['status 302 is not 200-299 (redirect to /login not followed: follow-redirects is false)'],
    });
  });

  it('reads the old version still answering as not ready, whatever else it fails', () => {
    const options = checks({ 'expect-version': '1.2.0', json: 'status == ok' });
    expect(judge(answer(200, { version: '1.1.0', status: 'unhealthy' }), options)).toEqual({
      kind: 'not-ready',
      problems: [
        'version is "1.1.0", expected "1.2.0" (an older version may still be answering)',
        'status is "unhealthy", expected "ok"',
      ],
    });
  });

  it('fails the expected version answering with a failed assertion', () => {
    const options = checks({ 'expect-version': '1.2.0', json: 'status == ok' });
    expect(judge(answer(200, { version: '1.2.0', status: 'unhealthy' }), options)).toEqual({
      kind: 'failed',
      problems: ['status is "unhealthy", expected "ok"'],
    });
  });

  it('fails a 2xx answer missing a JSON path, or missing the version, or not JSON at all', () => {
    expect(judge(answer(200, { status: 'ok' }), checks({ json: 'stauts == ok' }))).toEqual({
      kind: 'failed',
      problems: ['stauts is missing (wanted stauts == "ok")'],
    });
    expect(
      judge(answer(200, { build: {} }), checks({ 'expect-version': '1.2.0', 'json-version-path': 'build.version' })),
    ).toEqual({ kind: 'failed', problems: ['build.version is missing from the body, expected version "1.2.0"'] });
    const notJson = judge(answer(200, 'v1.2.0'), checks({ 'expect-version': '1.2.0' }));
    expect(notJson.kind).toBe('failed');
    expect(notJson.kind !== 'healthy' && notJson.problems[0]).toMatch(/^body is not JSON/);
  });

  it('lists every failed check at once', () => {
    const options = checks({ json: 'status == ok\ndb exists', 'body-regex': 'healthy', 'max-latency': '5ms' });
    expect(judge(answer(200, { status: 'degraded' }), options)).toEqual({
      kind: 'failed',
      problems: [
        'took 10ms, over max-latency 5ms',
        'body does not match /healthy/',
        'status is "degraded", expected "ok"',
        'db is missing',
      ],
    });
  });

  it('compares versions as text, ignoring a leading v', () => {
    expect(sameVersion('1.2.0', 'v1.2.0')).toBe(true);
    expect(sameVersion('v1.2.0', '1.2.0')).toBe(true);
    expect(sameVersion(2, '2')).toBe(true);
    expect(sameVersion('1.2.0-beta.1', '1.2.0')).toBe(false);
    expect(sameVersion({ v: 1 }, '1')).toBe(false);
  });
});
