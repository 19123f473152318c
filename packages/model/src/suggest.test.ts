import { describe, it, expect } from '@jest/globals';
import { closest, didYouMean, editDistance } from './suggest';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['hosts', 'hosts', 0],
    ['host', 'hosts', 1],
    ['project_dir', 'project-dir', 1],
    ['kitten', 'sitting', 3],
  ])('%j -> %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest / didYouMean', () => {
  const keys = ['hosts', 'user', 'port', 'project-dir', 'compose-file'];

  it('suggests a likely typo, ignoring case', () => {
    expect(closest('hots', keys)).toBe('hosts');
    expect(closest('Project_Dir', keys)).toBe('project-dir');
    expect(didYouMean('composefile', keys)).toBe('; did you mean "compose-file"?');
  });

  it('suggests nothing for a word that is not close to any', () => {
    expect(closest('colour', keys)).toBeUndefined();
    expect(didYouMean('x', [])).toBe('');
  });
});
