/**
 * Errors a user can fix (a bad input, a missing permission, a refused deploy).
 * The error boundary prints their message as one `::error::` line with no stack;
 * anything that is not a UserError is treated as a bug and keeps its stack in
 * debug output.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/**
 * A bad value for a named action input. Its message is always one line: a
 * problem that quotes the user's value cannot break the `::error::` line or
 * the summary, whoever built it.
 */
export class InputError extends UserError {
  override name = 'InputError';
  readonly problem: string;
  constructor(
    readonly input: string,
    problem: string,
  ) {
    const oneLine = escapeLineBreaks(problem);
    super(`Input "${input}" ${oneLine}`);
    this.problem = oneLine;
  }
}

/** CR, LF and NUL written as `\r`, `\n`, `\0`, so text stays on one line. */
export function escapeLineBreaks(text: string): string {
  return text.replace(/[\r\n\0]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\0'));
}

/** Turns anything thrown (including non-Error values) into an Error. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  // An Error from another realm (a vm context, a worker) fails instanceof.
  if (
    typeof thrown === 'object' &&
    thrown !== null &&
    typeof (thrown as Error).message === 'string' &&
    'stack' in thrown
  ) {
    return thrown as Error;
  }
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(`Non-error value thrown: ${JSON.stringify(thrown)}`);
  } catch {
    return new Error(`Non-error value thrown: ${String(thrown)}`);
  }
}
