import { describe, expect, it } from '@jest/globals';
import { field, parseInputs } from './inputs';
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
