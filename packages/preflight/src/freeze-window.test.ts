import { describe, expect, it } from '@jest/globals';
import { isInside, parseFreezeWindow, type FreezeWindow } from './freeze-window';

function window(text: string): FreezeWindow {
  const parsed = parseFreezeWindow(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('weekly freeze windows', () => {
  const weekend = window('Fri 18:00 - Mon 08:00 Europe/Berlin');

  it.each([
    // Berlin is UTC+1 in winter, UTC+2 in summer.
    ['2026-01-09T16:59:00Z', false], // Fri 17:59 Berlin
    ['2026-01-09T17:00:00Z', true], // Fri 18:00 Berlin
    ['2026-01-11T12:00:00Z', true], // Sunday
    ['2026-01-12T06:59:00Z', true], // Mon 07:59 Berlin
    ['2026-01-12T07:00:00Z', false], // Mon 08:00 Berlin: the end is not frozen
    ['2026-07-10T16:00:00Z', true], // Fri 18:00 Berlin in summer time
    ['2026-07-10T15:59:00Z', false],
    ['2026-01-14T12:00:00Z', false], // Wednesday
  ])('%s inside the Berlin weekend freeze: %s', (instant, expected) => {
    expect(isInside(weekend, new Date(instant))).toBe(expected);
  });

  it('reads full day names, single-digit hours and defaults to UTC', () => {
    const nightly = window('Tuesday 9:00 - Tuesday 17:30');
    expect(nightly).toMatchObject({ timeZone: 'UTC' });
    expect(isInside(nightly, new Date('2026-01-13T09:00:00Z'))).toBe(true);
    expect(isInside(nightly, new Date('2026-01-13T17:30:00Z'))).toBe(false);
  });
});

describe('dated freeze windows', () => {
  const holidays = window('2026-12-24 00:00 - 2026-12-27 08:00 America/New_York');
  it.each([
    ['2026-12-24T04:59:00Z', false],
    ['2026-12-24T05:00:00Z', true],
    ['2026-12-27T12:59:00Z', true],
    ['2026-12-27T13:00:00Z', false],
  ])('%s inside the New York holiday freeze: %s', (instant, expected) => {
    expect(isInside(holidays, new Date(instant))).toBe(expected);
  });
});

describe('parseFreezeWindow refuses what it cannot read, saying why', () => {
  it.each([
    ['Fri 18:00 - Mon 08:00 Mars/Olympus', /"Mars\/Olympus" is not a time zone/],
    ['Fry 18:00 - Mon 08:00', /days are Mon, Tue/],
    ['Fri 25:00 - Mon 08:00', /times are HH:MM/],
    ['Fri 18:00 - Fri 18:00', /starts and ends at the same time/],
    ['2026-12-27 00:00 - 2026-12-24 00:00', /ends before it starts/],
    ['2026-02-30 00:00 - 2026-03-01 00:00', /dates are YYYY-MM-DD/],
    ['weekends', /is not a freeze window such as/],
  ])('%s', (text, reason) => {
    expect(parseFreezeWindow(text)).toEqual(expect.stringMatching(reason));
  });
});
