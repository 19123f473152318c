import * as core from '@actions/core';
import { UserError, toError } from './errors';

/**
 * The one error boundary every action runs inside. A UserError becomes a
 * single `::error::` line; anything else is a bug: its message fails the step
 * and its stack goes to debug output. Whatever is thrown (even a non-Error),
 * the step ends failed, never green.
 */
export async function runAction(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (thrown) {
    reportFailure(thrown);
  }
}

export function reportFailure(thrown: unknown): void {
  const error = toError(thrown);
  if (error instanceof UserError) {
    core.setFailed(error.message);
    return;
  }
  core.setFailed(
    `${error.message || error.name} (this looks like a bug in deploy-kit; re-run with debug logging for the stack)`,
  );
  if (error.stack) core.debug(error.stack);
  let cause = error.cause;
  while (cause !== undefined) {
    const inner = toError(cause);
    core.debug(`Caused by: ${inner.stack ?? inner.message}`);
    cause = inner.cause;
  }
}
