import * as core from '@actions/core';
import { UserError, toError } from './errors';

/**
 * Why an action's AbortSignal fired: the runner cancelled the job (it sends
 * SIGINT, then SIGTERM) or the process crashed (an uncaught exception or
 * unhandled rejection). A UserError, so a cancelled step ends with one line.
 */
export class CancelledError extends UserError {
  override name = 'CancelledError';
  constructor(
    /** `SIGINT`, `SIGTERM`, or `crash`. */
    readonly by: NodeJS.Signals | 'crash',
    message = `Cancelled (${by})`,
  ) {
    super(message);
  }
}

/** The part of `process` the boundary listens to; tests pass an EventEmitter. */
export type ProcessEvents = Pick<NodeJS.EventEmitter, 'on'>;

export interface RunActionOptions {
  /** Where signals and crashes come from (default: process). */
  events?: ProcessEvents;
  /** Ends the process after a cancellation or crash (default: process.exit). */
  exit?: (code: number) => void;
  /**
   * How long a cancelled or crashed run has to end its records, write its
   * summary and notify before the process exits anyway (default 8 s: the
   * runner sends SIGKILL about 10 s after its first SIGINT).
   */
  graceMs?: number;
}

const CANCEL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * The one error boundary every action runs inside, and the only place that
 * decides how the process ends.
 *
 * - `run` gets an AbortSignal that fires on SIGINT/SIGTERM or a crash; it
 *   should stop its work, end what it recorded, write outputs and summary and
 *   return or throw. The signal's reason is a CancelledError.
 * - A UserError becomes a single `::error::` line; anything else is a bug:
 *   its message fails the step and its stack goes to debug output. Whatever
 *   is thrown (even a non-Error), the step ends failed, never green.
 * - A cancelled or crashed run always exits 1, once `run` has settled (or
 *   after `graceMs`). The listeners stay installed for the life of the
 *   process, so a second signal (the runner's SIGTERM after SIGINT) can never
 *   meet Node's default handler and kill the process with 128 + signal while
 *   the outputs and summary are being written.
 */
export async function runAction(
  run: (signal: AbortSignal) => Promise<void>,
  options: RunActionOptions = {},
): Promise<void> {
  const events = options.events ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const graceMs = options.graceMs ?? 8000;
  const controller = new AbortController();
  let settled = false;
  let exited = false;
  const exitOnce = (code: number) => {
    if (exited) return;
    exited = true;
    exit(code);
  };
  const stop = (reason: CancelledError) => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    const timer = setTimeout(() => {
      core.setFailed(`${reason.message}; the step did not finish within ${graceMs / 1000}s of it`);
      exitOnce(1);
    }, graceMs);
    timer.unref();
  };

  for (const signal of CANCEL_SIGNALS) {
    events.on(signal, () => {
      // After run() settled the outcome is decided; before, the first signal cancels and the rest repeat it.
      if (settled) return exitOnce(process.exitCode === undefined || process.exitCode === 0 ? 0 : 1);
      if (!controller.signal.aborted) core.info(`Received ${signal}: cancelling, then ending what was started`);
      stop(new CancelledError(signal));
    });
  }
  const onCrash = (thrown: unknown) => {
    reportFailure(thrown);
    if (settled) return exitOnce(1);
    stop(new CancelledError('crash', `Crashed: ${firstLine(thrown)}`));
  };
  events.on('uncaughtException', onCrash);
  events.on('unhandledRejection', onCrash);

  let failure: { thrown: unknown } | undefined;
  try {
    await run(controller.signal);
  } catch (thrown) {
    failure = { thrown };
  }
  settled = true;
  const reason: unknown = controller.signal.reason;
  if (!(reason instanceof CancelledError)) {
    if (failure) reportFailure(failure.thrown);
    return;
  }
  // A crash was reported when it happened; a cancelled run fails even if run() returned normally.
  if (reason.by !== 'crash') reportFailure(failure?.thrown ?? reason);
  // Exit now rather than wait for what the cancelled work left running (a deploy command, a socket).
  exitOnce(1);
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

function firstLine(thrown: unknown): string {
  return (toError(thrown).message.split('\n')[0] ?? '').slice(0, 120);
}
