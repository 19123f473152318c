import { describe, it, expect } from '@jest/globals';
import { parseEnvironment } from './environment';

describe('parseEnvironment', () => {
  it.each([
    ['staging', 'staging'],
    ['production', 'production'],
    ['Production', 'production'],
    [' staging ', 'staging'],
  ])('%j -> %s', (value, environment) => {
    expect(parseEnvironment(value)).toBe(environment);
  });

  it.each(['prod', 'qa', ''])('refuses %j, listing the supported ones', (value) => {
    expect(() => parseEnvironment(value)).toThrow(
      `Environment "${value}" is not supported; expected staging or production`,
    );
  });
});
