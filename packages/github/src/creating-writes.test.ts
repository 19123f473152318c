import { describe, expect, it } from '@jest/globals';
import { isCreatingWrite } from './creating-writes';

describe('isCreatingWrite', () => {
  it.each([
    ['POST', 'https://api.github.com/repos/o/r/deployments', true],
    ['POST', 'https://ghes.example.com/api/v3/repos/o/r/deployments', true],
    ['POST', 'https://api.github.com/repos/o/r/releases', true],
    ['POST', 'https://api.github.com/repos/o/r/deployments/7/statuses', false],
    ['GET', 'https://api.github.com/repos/o/r/deployments', false],
  ])('%s %s -> %s', (method, url, expected) => {
    expect(isCreatingWrite(method, url)).toBe(expected);
  });
});
