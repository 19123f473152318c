import { describe, expect, it } from '@jest/globals';
import { ASSERTION_FORMS, AssertionSyntaxError, failedAssertion, parseAssertion } from './assertions';

const body = {
  status: 'ok',
  version: '1.2.0',
  uptime: 42,
  ready: true,
  checks: { database: { status: 'ok', latency: 3 }, cache: { status: 'degraded' } },
  tags: ['a', 'b'],
  note: null,
};

const verdict = (line: string) => failedAssertion(parseAssertion(line), body);

describe('json assertions', () => {
  it.each([
    'status == ok',
    'status == "ok"',
    'uptime == 42',
    'ready == true',
    'note == null',
    'tags == ["a","b"]',
    'checks.database == {"latency":3,"status":"ok"}',
    'checks.database.status==ok',
    'checks.cache.status != ok',
    'note exists',
    'checks.database exists',
    'version =~ ^1\\.2\\.',
    'checks.cache.status =~ /^DEGRADED$/i',
    'uptime =~ ^\\d+$',
    'tags[1] == b',
    '$.status == ok',
  ])('passes: %s', (line) => {
    expect(verdict(line)).toBeUndefined();
  });

  it.each([
    ['status == degraded', 'status is "ok", expected "degraded"'],
    ['uptime == "42"', 'uptime is 42, expected "42"'],
    ['version == 1.2', 'version is "1.2.0", expected 1.2'],
    ['status != ok', 'status is "ok", which it must not be'],
    ['checks.queue exists', 'checks.queue is missing'],
    ['checks.queue.status == ok', 'checks.queue is missing (wanted checks.queue.status == "ok")'],
    ['version =~ ^2\\.', 'version is "1.2.0", which does not match /^2\\./'],
    [
      'checks =~ ok',
      'checks is {"database":{"status":"ok","latency":3},"cache":{"status":"degraded"}}, which does not match /ok/',
    ],
  ])('fails %s with a reason', (line, reason) => {
    expect(verdict(line)).toBe(reason);
  });

  it.each([
    ['status', 'nothing after the path status'],
    ['status = ok', '"= ok" after the path status'],
    ['status ==', 'nothing after "=="'],
    ['== ok', 'expected a JSON path'],
    ['status =~ (unclosed', 'bad regular expression'],
    ['status is ok', '"is ok" after the path status'],
    ['status === ok', '"===" is not an operator'],
    ['status !== ok', '"!==" is not an operator'],
    ['status == = ok', '"==="'],
    ['status =! ok', '"=! ok" after the path status'],
    ['status > 3', '"> 3" after the path status'],
    ['status exist', '"exist" after the path status'],
    ['status exists now', '"exists now" after the path status'],
    ["status == 'ok'", 'double quotes'],
    ['status == ok, degraded', 'text with spaces'],
    ['status == all good', 'text with spaces'],
    ['status == "ok', 'is not valid JSON'],
    ['checks == {"a":', 'is not valid JSON'],
  ])('rejects %j, listing the forms', (line, message) => {
    expect(() => parseAssertion(line)).toThrow(AssertionSyntaxError);
    expect(() => parseAssertion(line)).toThrow(message);
    expect(() => parseAssertion(line)).toThrow(ASSERTION_FORMS);
  });

  it('takes one bare word as text and anything else as JSON', () => {
    expect(parseAssertion('version == v1.2.0-beta.1')).toMatchObject({ expected: 'v1.2.0-beta.1' });
    expect(parseAssertion('message == "all good"')).toMatchObject({ expected: 'all good' });
    expect(parseAssertion('count == 3')).toMatchObject({ expected: 3 });
    expect(parseAssertion('ready != false')).toMatchObject({ expected: false, negate: true });
  });
});
