/** Where the library's progress goes; it never talks to @actions/core itself. */
export interface RolloutLog {
  info(line: string): void;
  warning(line: string): void;
}

export { systemClock, type Clock } from '@deploy-kit/http';

/** One line for any thrown value, for results and logs (never a stack). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
