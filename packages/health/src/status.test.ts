import { describe, expect, it } from '@jest/globals';
import { formatStatusRanges, parseStatusRanges, statusAccepted, StatusSyntaxError } from './status';

describe('expected-status', () => {
  it('reads codes, ranges and classes', () => {
    const ranges = parseStatusRanges('200,204, 300-399 4xx');
    expect(formatStatusRanges(ranges)).toBe('200,204,300-399,400-499');
    expect([200, 204, 301, 404].every((s) => statusAccepted(s, ranges))).toBe(true);
    expect([201, 299, 500].some((s) => statusAccepted(s, ranges))).toBe(false);
  });

  it.each([
    ['', 'is empty'],
    ['200-', 'item "200-" is not a status code'],
    ['2x', 'item "2x"'],
    ['600', '600 is not an HTTP status'],
    ['299-200', 'runs backwards'],
    ['ok', 'item "ok"'],
  ])('rejects %j', (text, message) => {
    expect(() => parseStatusRanges(text)).toThrow(StatusSyntaxError);
    expect(() => parseStatusRanges(text)).toThrow(message);
  });
});
