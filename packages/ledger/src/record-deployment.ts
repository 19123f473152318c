import { UserError } from '@deploy-kit/action-kit';
import { fitDescription } from './description';
import { FinalStatusError } from './final-status';
import type { DeploymentLedger } from './ledger';
import type { DeploymentRecord, StartRequest } from './types';

export interface RecordOptions {
  /**
   * Aborts when the job is cancelled (or the process crashed): the record is
   * ended as `failure` with the abort reason's message as description (e.g.
   * `Cancelled (SIGTERM)`) without waiting for the work, and the reason is
   * thrown. The action's boundary owns the signals and the exit code.
   */
  signal?: AbortSignal;
  /** How long ending the record may take after a cancellation (default 5 s: the runner kills the job soon after). */
  cancelBudgetMs?: number;
  log?: (line: string) => void;
  /**
   * The failure status's description for the work's error (e.g. each host's result before the
   * error, see the engine); undefined, or no option: the error's first line. Cut to GitHub's 140
   * characters, visibly (fitDescription).
   */
  failureDescription?: (error: unknown) => string | undefined;
}

/**
 * Runs `work` inside a recorded deployment: start -> work -> success, and on
 * any throw or cancellation -> failure, so a deployment this run created is
 * never left without an outcome. The work's own error is what is thrown;
 * when the outcome itself cannot be written either, a FinalStatusError says
 * both, naming the deployment left without a final status.
 */
export async function recordDeployment<T>(
  ledger: DeploymentLedger,
  request: StartRequest,
  work: (record: DeploymentRecord) => Promise<T>,
  finish?: (result: T) => { environmentUrl?: string; description?: string },
  options: RecordOptions = {},
): Promise<T> {
  const { signal } = options;
  const log = options.log ?? (() => undefined);
  signal?.throwIfAborted();
  const record = await ledger.start(request);
  let result: T;
  try {
    result = await unlessAborted(work(record), signal);
  } catch (error) {
    const cancelled = signal?.aborted === true && error === signal.reason;
    if (cancelled) log(`${oneLine(error)}: marking deployment ${record.id} as failed`);
    try {
      await ledger.fail(
        record.id,
        { description: options.failureDescription?.(error) ?? oneLine(error) },
        cancelled ? { budgetMs: options.cancelBudgetMs ?? 5000 } : {},
      );
    } catch (statusError) {
      throw withOutcome(statusError, error);
    }
    throw error;
  }
  try {
    await ledger.succeed(record.id, finish?.(result) ?? {});
  } catch (error) {
    throw withOutcome(error, new UserError('The deploy itself finished'));
  }
  return result;
}

/** The work's outcome and the status that could not record it, in one error the user reads once. */
function withOutcome(statusError: unknown, outcome: unknown): unknown {
  if (!(statusError instanceof FinalStatusError)) return statusError;
  return new FinalStatusError(statusError.deploymentId, statusError.state, statusError.reason, {
    cause: outcome,
    outcome: oneLine(outcome),
  });
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts (the work is left to the boundary). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return fitDescription(message.split('\n')[0] ?? '');
}
