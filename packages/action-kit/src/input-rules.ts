import { parseDuration } from './duration';

/**
 * The rules every action input obeys, whatever it means. The field builders in
 * inputs.ts apply them by construction, so a new input cannot forget one.
 */

/**
 * Why a one-line value is refused, or undefined when it is fine. A line break
 * would let a value start a line of its own in the log (`::error::`,
 * `::add-mask::`...) or in a summary; a NUL is cut short by C APIs and the
 * environment, so what is checked would not be what is used.
 */
export function singleLineProblem(text: string): string | undefined {
  if (text.includes('\0')) return 'must not contain a NUL character';
  if (/[\r\n]/.test(text)) return 'must be a single line (it contains a line break)';
  return undefined;
}

/** Why a multi-line value is refused, or undefined: line breaks are its point, NUL never is. */
export function textProblem(text: string): string | undefined {
  return text.includes('\0') ? 'must not contain a NUL character' : undefined;
}

/** HTTP methods a request may use: a closed set, so a typo (`FETCH`) is refused, not sent. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Node's timers fire at once for anything longer (2^31-1 ms, about 24.8 days). */
export const TIMER_LIMIT_MS = 2 ** 31 - 1;

/** The longest duration an input takes unless it says otherwise. */
export const DEFAULT_DURATION_MAX = '24h';

/** A duration maximum in milliseconds; a maximum past Node's timer limit is a bug in the schema, not a user error. */
export function durationMaxMs(max: string): number {
  const ms = parseDuration(max);
  if (ms === undefined || ms <= 0 || ms > TIMER_LIMIT_MS) {
    throw new Error(`Duration maximum "${max}" must be a duration from 1ms to ${TIMER_LIMIT_MS}ms`);
  }
  return ms;
}

const ECHO_LIMIT = 80;

/**
 * A user's value quoted for an error message: control characters escaped so
 * the message stays one line whatever was given, long values shortened.
 */
export function quoteValue(text: string): string {
  const short = text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
  return JSON.stringify(short).replace(
    /[\u0080-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
