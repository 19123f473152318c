import { describe, expect, it } from '@jest/globals';
import { describeCombination, expandMatrix } from './matrix';

describe('expandMatrix', () => {
  it('crosses the lists, first key slowest', () => {
    expect(expandMatrix({ a: [1, 2], b: ['x', 'y'] }, {})).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('evaluates a matrix given by an expression, and a list given by one', () => {
    const contexts = { inputs: { versions: '[22, 24]' } };
    expect(expandMatrix('${{ fromJSON(\'{"node": [22, 24]}\') }}', contexts)).toEqual([{ node: 22 }, { node: 24 }]);
    expect(expandMatrix({ node: '${{ fromJSON(inputs.versions) }}' }, contexts)).toEqual([{ node: 22 }, { node: 24 }]);
  });

  it('include alone gives one combination per entry', () => {
    expect(expandMatrix({ include: [{ site: 'a' }, { site: 'b', extra: true }] }, {})).toEqual([
      { site: 'a' },
      { site: 'b', extra: true },
    ]);
  });

  it('an include entry never overwrites an original value; it adds a combination instead', () => {
    expect(expandMatrix({ os: ['linux'], include: [{ os: 'mac', arm: true }, { arm: false }] }, {})).toEqual([
      { os: 'linux', arm: false },
      { os: 'mac', arm: true },
    ]);
  });

  it('refuses a matrix with nothing to run, a key that is not a list, a bad include', () => {
    expect(() => expandMatrix({ a: [1], exclude: [{ a: 1 }] }, {})).toThrow(
      'strategy.matrix has no combinations to run',
    );
    expect(() => expandMatrix({ a: 'one' }, {})).toThrow('strategy.matrix.a must be a non-empty list');
    expect(() => expandMatrix({ a: [1], include: 'x' }, {})).toThrow(
      'strategy.matrix.include must be a list of objects',
    );
    expect(() => expandMatrix('${{ 3 }}', {})).toThrow('strategy.matrix must be a mapping');
  });

  it('names a combination as GitHub does', () => {
    expect(describeCombination({ node: 24, os: 'linux', opts: { a: 1 } })).toBe('(24, linux, {"a":1})');
  });
});
