import { describe, expect, it } from '@jest/globals';
import { textTable } from './text-table';

describe('textTable', () => {
  it('pads every column to its widest cell, under a rule as wide as the column', () => {
    expect(
      textTable(
        ['id', 'state'],
        [
          ['1', 'success'],
          ['12345', 'failure'],
        ],
      ),
    ).toBe(['id     state', '-----  -------', '1      success', '12345  failure'].join('\n'));
  });

  it('shows a missing cell as empty', () => {
    expect(textTable(['a', 'b'], [['x']])).toBe(['a  b', '-  -', 'x'].join('\n'));
  });
});
