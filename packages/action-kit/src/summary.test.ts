import { describe, expect, it } from '@jest/globals';
import { markdownTable } from './summary';
import { formatDuration, parseDuration } from './duration';

describe('markdownTable', () => {
  it('escapes HTML from a server answer so it cannot add markup to the summary', () => {
    expect(markdownTable(['Body'], [['<b>ok</b> & <img src=x> -> done']])).toContain(
      '| &lt;b>ok&lt;/b> &amp; &lt;img src=x> -> done |',
    );
  });

  it('escapes pipes and line breaks so a value cannot break the table', () => {
    expect(
      markdownTable(
        ['Tag', 'Digest'],
        [
          ['a|b', 'x\ny'],
          ['latest', undefined],
        ],
      ),
    ).toBe(['| Tag | Digest |', '| --- | --- |', '| a\\|b | x<br>y |', '| latest | — |'].join('\n'));
  });
});

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120000],
    ['1.5s', 1500],
    ['10', 10000],
    ['1h', 3600000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'soon', '5 minutes', '-1s', '5d'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());

  it.each([
    [850, '850ms'],
    [4200, '4.2s'],
    [185000, '3m 5s'],
    [120000, '2m'],
  ])('formats %d as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
