import { describe, expect, it } from '@jest/globals';
import { field, parseInputs } from './inputs';
import { z } from 'zod';
import { InputError } from './errors';

const shape = {
  image: field.required(),
  push: field.boolean(true),
  cache: field.oneOf(['gha', 'registry', 'none'] as const, 'none'),
  timeout: field.duration('5s'),
  attempts: field.integer(undefined, 1, 100),
};

describe('parseInputs', () => {
  it('applies defaults for unset inputs', () => {
    expect(parseInputs(shape, { image: 'ghcr.io/a/b' })).toEqual({
      image: 'ghcr.io/a/b',
      push: true,
      cache: 'none',
      timeout: 5000,
      attempts: undefined,
    });
  });

  it.each([
    [{ image: '' }, 'Input "image" is required'],
    [{ image: 'x', push: 'yes' }, 'Input "push" must be true or false (got "yes")'],
    [{ image: 'x', cache: 'disk' }, 'Input "cache" must be one of: gha, registry, none (got "disk")'],
    [
      { image: 'x', timeout: '5 minutes' },
      'Input "timeout" must be a duration such as 500ms, 5s or 2m (got "5 minutes")',
    ],
    [{ image: 'x', attempts: '0' }, 'Input "attempts" must be a whole number from 1 to 100 (got "0")'],
  ])('names the input and what was expected: %j', (raw, message) => {
    expect(() => parseInputs(shape, raw)).toThrow(InputError);
    expect(() => parseInputs(shape, raw)).toThrow(message);
  });

  it('never echoes the value of a secret input', () => {
    const secretShape = { token: field.oneOf(['a', 'b'] as const) };
    expect(() => parseInputs(secretShape, { token: 'ghp_supersecret' }, ['token'])).toThrow(
      'Input "token" must be one of: a, b',
    );
    expect(() => parseInputs(secretShape, { token: 'ghp_supersecret' }, ['token'])).not.toThrow(/supersecret/);
  });
});

describe('the rules every field applies by construction', () => {
  const every = {
    required: field.required(),
    optional: field.optional(),
    withDefault: field.withDefault('x'),
    boolean: field.boolean(false),
    oneOf: field.oneOf(['a', 'b'] as const),
    method: field.httpMethod(),
    duration: field.duration('5s'),
    optionalDuration: field.optionalDuration(),
    integer: field.integer(undefined),
  };
  const valid = { required: 'x', oneOf: 'a' };

  it.each(Object.keys(every))('%s refuses CR, LF and NUL, naming the input, on one line', (name) => {
    for (const bad of ['prod\n::error::x', 'prod\r', '\nprod', 'a\r\nb', 'a\0b']) {
      const raw = { ...valid, [name]: bad };
      expect(() => parseInputs(every, raw)).toThrow(InputError);
      try {
        parseInputs(every, raw);
      } catch (error) {
        expect((error as InputError).input).toBe(name);
        expect((error as InputError).message).toMatch(/^Input "\w+" must (be a single line|not contain a NUL)/);
        expect((error as InputError).message).not.toMatch(/[\r\n\0]/);
      }
    }
  });

  it('multi-line fields keep line breaks and refuse NUL', () => {
    const shape = { list: field.lines(), body: field.text() };
    expect(parseInputs(shape, { list: ' a \r\nb\rc\n\n', body: ' {\n  "a": 1\n} ' })).toEqual({
      list: ['a', 'b', 'c'],
      body: '{\n  "a": 1\n}',
    });
    expect(() => parseInputs(shape, { list: 'a\0b' })).toThrow('Input "list" must not contain a NUL character');
    expect(() => parseInputs(shape, { body: 'a\0b' })).toThrow('Input "body" must not contain a NUL character');
  });

  it('refuses NUL even in a schema not built from field', () => {
    expect(() => parseInputs({ raw: z.string() }, { raw: 'a\0b' })).toThrow('Input "raw" must not contain a NUL');
  });

  it('durations have a maximum: 24h unless the field says otherwise', () => {
    const shape = { interval: field.duration('2s'), timeout: field.duration('5s', '10m') };
    expect(parseInputs(shape, { interval: '24h', timeout: '10m' })).toEqual({ interval: 86_400_000, timeout: 600_000 });
    expect(() => parseInputs(shape, { interval: '999999999h' })).toThrow(
      'Input "interval" must be at most 24h (got "999999999h")',
    );
    expect(() => parseInputs(shape, { timeout: '601s' })).toThrow('Input "timeout" must be at most 10m (got "601s")');
    expect(() => parseInputs(shape, { timeout: '9'.repeat(400) })).toThrow('Input "timeout" must be a duration');
  });

  it('a maximum past Node timer limit is a bug in the schema', () => {
    expect(() => field.duration('1s', '25d')).toThrow(/Duration maximum "25d"|must be a duration/);
    expect(() => field.duration('1s', '600h')).toThrow('Duration maximum "600h"');
  });

  it('HTTP methods are a closed set, any case', () => {
    const shape = { method: field.httpMethod('GET') };
    expect(parseInputs(shape, {})).toEqual({ method: 'GET' });
    expect(parseInputs(shape, { method: 'post' })).toEqual({ method: 'POST' });
    expect(() => parseInputs(shape, { method: 'FETCH' })).toThrow(
      'Input "method" must be an HTTP method: one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (got "FETCH")',
    );
  });

  it('echoes a value escaped and shortened, so the error stays one short line', () => {
    const shape = { cache: field.oneOf(['a'] as const) };
    expect(() => parseInputs(shape, { cache: `x${'y'.repeat(200)}` })).toThrow(/\(got "xy{79}…"\)$/);
    expect(() => parseInputs(shape, { cache: 'say "hi"' })).toThrow('(got "say \\"hi\\"")');
  });
});
