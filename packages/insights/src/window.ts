const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A date (`2026-11-01`, midnight UTC) or an ISO 8601 time with its zone; undefined for anything else. */
export function parseTime(text: string): Date | undefined {
  const value = text.trim();
  if (!DATE.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? new Date(at) : undefined;
}

/**
 * The start of the window `--since` names: a span back from `now` (`12h`,
 * `30d`, `2w`) or a time parseTime reads. Undefined for anything else, so
 * the caller can name the input; a start after `now` is undefined too.
 */
export function parseSince(text: string, now: Date): Date | undefined {
  const span = /^(\d{1,5})\s*([hdw])$/.exec(text.trim());
  const start = span
    ? new Date(now.getTime() - Number(span[1]) * (UNIT_MS[span[2] as string] as number))
    : parseTime(text);
  return start && start.getTime() <= now.getTime() ? start : undefined;
}
