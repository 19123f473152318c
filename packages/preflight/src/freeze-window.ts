/**
 * Freeze windows: `Fri 18:00 - Mon 08:00 Europe/Berlin` (every week) or
 * `2026-12-24 00:00 - 2026-12-27 08:00 Europe/Berlin` (once). The time zone is
 * optional (UTC) and read with Intl, so daylight saving time is the zone's own.
 * Comparison happens in the zone's local wall-clock time: a window means the
 * hours people in that zone see on their clocks.
 */
export type FreezeWindow =
  | { kind: 'weekly'; text: string; start: number; end: number; timeZone: string }
  | { kind: 'dates'; text: string; start: string; end: string; timeZone: string };

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKLY = /^([a-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})\s*-\s*([a-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})(?:\s+(\S+))?$/i;
const DATES = /^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}):(\d{2})\s*-\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2}):(\d{2})(?:\s+(\S+))?$/;

/** Parses one line; returns a reason (for an InputError) when it is not a window. */
export function parseFreezeWindow(line: string): FreezeWindow | string {
  const text = line.trim();
  const timeZoneProblem = (zone: string) =>
    isTimeZone(zone) ? undefined : `"${zone}" is not a time zone (use an IANA name such as Europe/Berlin, or UTC)`;
  const weekly = WEEKLY.exec(text);
  if (weekly) {
    const [, d1, h1, m1, d2, h2, m2, zone = 'UTC'] = weekly as unknown as string[];
    const startDay = DAYS.indexOf((d1 as string).toLowerCase());
    const endDay = DAYS.indexOf((d2 as string).toLowerCase());
    if (startDay < 0 || endDay < 0) return `"${text}": days are Mon, Tue, Wed, Thu, Fri, Sat, Sun`;
    const start = minutes(h1, m1);
    const end = minutes(h2, m2);
    if (start === undefined || end === undefined) return `"${text}": times are HH:MM from 00:00 to 23:59`;
    const problem = timeZoneProblem(zone);
    if (problem) return problem;
    const window = {
      kind: 'weekly' as const,
      text,
      start: startDay * 1440 + start,
      end: endDay * 1440 + end,
      timeZone: zone,
    };
    if (window.start === window.end) return `"${text}": the window starts and ends at the same time`;
    return window;
  }
  const dates = DATES.exec(text);
  if (dates) {
    const [, day1, h1, m1, day2, h2, m2, zone = 'UTC'] = dates as unknown as string[];
    const start = minutes(h1, m1);
    const end = minutes(h2, m2);
    if (start === undefined || end === undefined) return `"${text}": times are HH:MM from 00:00 to 23:59`;
    if (!isDate(day1 as string) || !isDate(day2 as string)) return `"${text}": dates are YYYY-MM-DD`;
    const problem = timeZoneProblem(zone);
    if (problem) return problem;
    const window = {
      kind: 'dates' as const,
      text,
      start: `${day1} ${clock(start)}`,
      end: `${day2} ${clock(end)}`,
      timeZone: zone,
    };
    if (window.start >= window.end) return `"${text}": the window ends before it starts`;
    return window;
  }
  return `"${text}" is not a freeze window such as "Fri 18:00 - Mon 08:00 Europe/Berlin" or "2026-12-24 00:00 - 2026-12-27 08:00 UTC"`;
}

/** Whether `now` falls inside the window (start included, end excluded). */
export function isInside(window: FreezeWindow, now: Date): boolean {
  const local = wallClock(now, window.timeZone);
  if (window.kind === 'dates') {
    const stamp = `${local.date} ${clock(local.minuteOfDay)}`;
    return stamp >= window.start && stamp < window.end;
  }
  const at = local.weekday * 1440 + local.minuteOfDay;
  if (window.start < window.end) return at >= window.start && at < window.end;
  // The window wraps around the week's end (Fri -> Mon).
  return at >= window.start || at < window.end;
}

/** The local date, weekday and minute of the day of an instant in a time zone. */
export function wallClock(now: Date, timeZone: string): { date: string; weekday: number; minuteOfDay: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: DAYS.indexOf((parts.weekday ?? '').toLowerCase().slice(0, 3)),
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function minutes(hours: string | undefined, mins: string | undefined): number | undefined {
  const h = Number(hours);
  const m = Number(mins);
  return h >= 0 && h <= 23 && m >= 0 && m <= 59 ? h * 60 + m : undefined;
}

function clock(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

function isDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
