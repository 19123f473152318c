import { describe, expect, it } from '@jest/globals';
import { formatPath, lookupPath, parsePath, PathSyntaxError } from './json-path';

describe('parsePath', () => {
  it.each([
    ['version', ['version']],
    ['checks.database.status', ['checks', 'database', 'status']],
    ['items[0].name', ['items', 0, 'name']],
    ['items[-1]', ['items', -1]],
    ['["key.with.dots"].x', ['key.with.dots', 'x']],
    ["checks['my db']", ['checks', 'my db']],
    ['$.build-info.commit', ['build-info', 'commit']],
    ['$', []],
  ])('%s', (text, segments) => {
    expect(parsePath(text)).toEqual(segments);
  });

  it.each(['', 'a..b', 'a[x]', 'a[0', 'a b', '.a'])('rejects %j', (text) => {
    expect(() => parsePath(text)).toThrow(PathSyntaxError);
  });

  it('writes paths back in canonical form', () => {
    expect(formatPath(['checks', 'my db', 0, 'ok'])).toBe('checks["my db"][0].ok');
  });
});

describe('lookupPath', () => {
  const doc = { checks: { database: { status: 'ok' } }, items: [{ name: 'a' }, { name: 'b' }], empty: null };

  it('follows objects and arrays, negative indexes from the end', () => {
    expect(lookupPath(doc, ['checks', 'database', 'status'])).toEqual({ found: true, value: 'ok' });
    expect(lookupPath(doc, ['items', -1, 'name'])).toEqual({ found: true, value: 'b' });
    expect(lookupPath(doc, ['empty'])).toEqual({ found: true, value: null });
  });

  it('names the first missing part', () => {
    expect(lookupPath(doc, ['checks', 'cache', 'status'])).toEqual({ found: false, missing: 'checks.cache' });
    expect(lookupPath(doc, ['items', 5])).toEqual({ found: false, missing: 'items[5]' });
    expect(lookupPath(doc, ['checks', 'database', 'status', 'x'])).toEqual({
      found: false,
      missing: 'checks.database.status.x',
    });
  });

  it('does not treat inherited properties as present', () => {
    expect(lookupPath({}, ['constructor'])).toEqual({ found: false, missing: 'constructor' });
  });
});
