import { describe, expect, it } from '@jest/globals';
import { parseFileCommands } from './file-commands';
import { Masker } from './masker';
import { createLineHandler } from './log-lines';

describe('parseFileCommands', () => {
  it('reads name=value lines and heredocs as @actions/core writes them', () => {
    const text = 'a=1\nurl=https://x.test/?q=a=b\nnotes<<ghadelimiter_1\nline one\nline=two\nghadelimiter_1\nempty=\n';
    expect(parseFileCommands(text)).toEqual({
      a: '1',
      url: 'https://x.test/?q=a=b',
      notes: 'line one\nline=two',
      empty: '',
    });
  });
});

describe('log lines', () => {
  function handle(lines: string[], debug = false) {
    const printed: string[] = [];
    const masker = new Masker();
    masker.add('super-secret-value');
    const onLine = createLineHandler({ log: (l) => printed.push(l), masker, debug });
    lines.forEach(onLine);
    return printed;
  }

  it('interprets workflow commands and masks secrets, including ones added while running', () => {
    expect(
      handle([
        'token super-secret-value used',
        '::add-mask::late-secret',
        'late-secret and more',
        '::error title=Deploy::it failed%0Asecond line',
        '::warning::careful',
        '::debug::hidden',
        '::group::Remote output',
        '::endgroup::',
      ]),
    ).toEqual([
      'token *** used',
      '*** and more',
      'Error: it failed',
      'second line',
      'Warning: careful',
      '▸ Remote output',
    ]);
  });

  it('shows debug lines when asked', () => {
    expect(handle(['::debug::shown'], true)).toEqual(['Debug: shown']);
  });
});
