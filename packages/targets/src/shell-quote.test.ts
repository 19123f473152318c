import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { shellJoin, shellQuote } from './shell-quote';

describe('shellQuote', () => {
  it.each([
    ['plain', 'plain'],
    ['ghcr.io/acme/shop@sha256:abc', 'ghcr.io/acme/shop@sha256:abc'],
    ['', "''"],
    ['two words', "'two words'"],
    ["it's", "'it'\\''s'"],
  ])('quotes %j as %s', (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });

  it('round-trips hostile words through a real shell unchanged', () => {
    const words = ['$(touch /tmp/pwned)', '`id`', 'a\'b"c', 'semi;colon && rm -rf /', 'new\nline', '*'];
    const printed = execFileSync('sh', ['-c', `printf '%s\\0' ${shellJoin(words)}`]).toString();
    expect(printed.split('\0').slice(0, -1)).toEqual(words);
  });
});
