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
    expect(judge(answer(200, { status: 'ok', version: '1.2.0' }), options)).toEqual([]);
  });

  it('never passes a network failure', () => {
    expect(judge({ latencyMs: 5000, failure: 'no answer within 5s' }, checks())).toEqual(['no answer within 5s']);
  });

  it('reports a status outside the expected ranges, and an unfollowed redirect', () => {
    expect(judge(answer(503, 'down'), checks())).toEqual(['status 503 is not 200-299']);
    expect(judge(answer(302, '', { location: '/login' }), checks({ 'follow-redirects': 'false' }))).toEqual([
      'status 302 is not 200-299 (redirect to /login not followed: follow-redirects is false)',
    ]);
  });

  it('catches the old version still answering', () => {
    expect(judge(answer(200, { version: '1.1.0' }), checks({ 'expect-version': '1.2.0' }))).toEqual([
      'version is "1.1.0", expected "1.2.0" (an older version may still be answering)',
    ]);
    expect(
      judge(answer(200, { build: {} }), checks({ 'expect-version': '1.2.0', 'json-version-path': 'build.version' })),
    ).toEqual(['build.version is missing from the body, expected version "1.2.0"']);
    expect(judge(answer(200, 'v1.2.0'), checks({ 'expect-version': '1.2.0' }))[0]).toMatch(/^body is not JSON/);
  });

  it('lists every failed check at once', () => {
    const options = checks({ json: 'status == ok\ndb exists', 'body-regex': 'healthy', 'max-latency': '5ms' });
    expect(judge(answer(200, { status: 'degraded' }), options)).toEqual([
      'took 10ms, over max-latency 5ms',
      'body does not match /healthy/',
      'status is "degraded", expected "ok"',
      'db is missing',
    ]);
  });

  it('compares versions as text, ignoring a leading v', () => {
    expect(sameVersion('1.2.0', 'v1.2.0')).toBe(true);
    expect(sameVersion('v1.2.0', '1.2.0')).toBe(true);
    expect(sameVersion(2, '2')).toBe(true);
    expect(sameVersion('1.2.0-beta.1', '1.2.0')).toBe(false);
    expect(sameVersion({ v: 1 }, '1')).toBe(false);
  });
});
