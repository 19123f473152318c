/** Accepted status codes: a list of inclusive ranges. */
export interface StatusRange {
  min: number;
  max: number;
}

export class StatusSyntaxError extends Error {
  override name = 'StatusSyntaxError';
}

/**
 * Parses `200-299`, `200,204,300-399`, `2xx` (commas, spaces or newlines
 * between items). Every code must be a real HTTP status, 100 to 599.
 */
export function parseStatusRanges(text: string): StatusRange[] {
  const items = text.split(/[\s,]+/).filter((item) => item !== '');
  if (items.length === 0) throw new StatusSyntaxError('is empty; expected codes or ranges such as 200-299 or 200,204');
  return items.map(parseItem);
}

function parseItem(item: string): StatusRange {
  const klass = /^([1-5])xx$/i.exec(item);
  if (klass) return { min: Number(klass[1]) * 100, max: Number(klass[1]) * 100 + 99 };
  const range = /^(\d{3})(?:-(\d{3}))?$/.exec(item);
  if (!range) throw new StatusSyntaxError(`item "${item}" is not a status code, a range (200-299) or a class (2xx)`);
  const min = Number(range[1]);
  const max = range[2] === undefined ? min : Number(range[2]);
  for (const code of [min, max]) {
    if (code < 100 || code > 599)
      throw new StatusSyntaxError(`item "${item}": ${code} is not an HTTP status (100-599)`);
  }
  if (min > max) throw new StatusSyntaxError(`item "${item}": the range runs backwards`);
  return { min, max };
}

export function statusAccepted(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((range) => status >= range.min && status <= range.max);
}

export function formatStatusRanges(ranges: readonly StatusRange[]): string {
  return ranges.map((r) => (r.min === r.max ? String(r.min) : `${r.min}-${r.max}`)).join(',');
}
