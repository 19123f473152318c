import { describe, expect, it } from '@jest/globals';
import { lineSplitter } from './line-splitter';

describe('lineSplitter', () => {
  it('joins a line split across chunks, drops CR of CRLF, and hands over the last line at the end', () => {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line));
    splitter.write('first li');
    splitter.write('ne\r\nsecond\n\nthi');
    expect(lines).toEqual(['first line', 'second', '']);
    splitter.write('rd');
    splitter.end();
    splitter.end();
    expect(lines).toEqual(['first line', 'second', '', 'third']);
  });
});
