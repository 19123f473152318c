/** `500ms`, `5s`, `2m`, `1h`, `1.5s` or a bare number of seconds, as the model's durations. */
export const DURATION = /^\d+(?:\.\d+)?\s*(?:ms|s|m|h)?$/;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds in a duration the schema accepted (`DURATION`); throws on anything else. */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  const unit = (match[2] ?? 's') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
