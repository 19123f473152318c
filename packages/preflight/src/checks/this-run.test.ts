import { describe, expect, it } from '@jest/globals';
import { isThisRunUrl } from './this-run';

describe('isThisRunUrl', () => {
  it.each([
    ['https://github.com/o/r/actions/runs/123', true],
    ['https://github.com/o/r/actions/runs/123/job/9', true],
    ['https://github.com/o/r/actions/runs/123?check_suite_focus=true', true],
    ['https://github.com/o/r/actions/runs/1234/job/9', false],
    ['https://github.com/o/r/actions/runs/12', false],
    ['', false],
    [null, false],
  ])('%s -> %s', (url, expected) => {
    expect(isThisRunUrl(url, '123')).toBe(expected);
  });

  it('matches nothing when the run is unknown', () => {
    expect(isThisRunUrl('https://github.com/o/r/actions/runs/123', '')).toBe(false);
  });
});
