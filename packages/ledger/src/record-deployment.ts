import type { DeploymentLedger } from './ledger';
import type { DeploymentRecord, StartRequest } from './types';

export interface RecordOptions {
  /** Signals that mean "the job was cancelled" (default SIGINT and SIGTERM). */
  signals?: readonly NodeJS.Signals[];
  /**
   * Called after the failure is recorded on a signal (with 128 + signal
   * number) or a crash (with 1). Default: process.exit.
   */
  exit?: (code: number) => void;
  /** How long recording the failure may take on a signal or crash before exiting anyway (default 5 s). */
  cancelTimeoutMs?: number;
  log?: (line: string) => void;
  /** Where a crash's error is written before exiting (default: its stack on standard error, as Node would). */
  reportCrash?: (error: unknown) => void;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/**
 * Runs `work` inside a recorded deployment: start -> work -> success, and on
 * any throw -> failure (best effort; a failure to record it is logged, the
 * work's own error is what is rethrown). A cancelled job (SIGINT/SIGTERM from
 * the runner) also ends as failure before the process exits, and so does a
 * crash (an uncaughtException or unhandledRejection anywhere in the process
 * while the record is open), so a deployment is never left in progress. The
 * process-wide handlers exist only while the work runs.
 */
export async function recordDeployment<T>(
  ledger: DeploymentLedger,
  request: StartRequest,
  work: (record: DeploymentRecord) => Promise<T>,
  finish?: (result: T) => { environmentUrl?: string; description?: string },
  options: RecordOptions = {},
): Promise<T> {
  const log = options.log ?? (() => undefined);
  const record = await ledger.start(request);
  // Once: a crash and the work's own rejection may both want to record the failure.
  let failing: Promise<void> | undefined;
  const markFailed = (description: string) =>
    (failing ??= ledger.fail(record.id, { description }).catch((error: unknown) => {
      log(`Could not mark deployment ${record.id} as failed: ${(error as Error).message}`);
    }));
  const releaseSignals = onCancel(options, async (signal) => {
    log(`Received ${signal}: marking deployment ${record.id} as failed before exiting`);
    await markFailed(`Cancelled (${signal})`);
  });
  const releaseCrash = onCrash(options, async (kind, error) => {
    log(`${kind} while deployment ${record.id} was in progress: marking it as failed before exiting`);
    await markFailed(`Crashed: ${oneLine(error)}`.slice(0, 140));
  });
  const release = () => {
    releaseSignals();
    releaseCrash();
  };
  let result: T;
  try {
    result = await work(record);
  } catch (error) {
    release();
    await markFailed(oneLine(error));
    throw error;
  }
  release();
  try {
    await ledger.succeed(record.id, finish?.(result) ?? {});
  } catch (error) {
    // The work is done but its success could not be recorded: say so rather than leave it in progress.
    await markFailed('The deploy finished but its success could not be recorded');
    throw error;
  }
  return result;
}

function onCancel(options: RecordOptions, handle: (signal: NodeJS.Signals) => Promise<void>): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.cancelTimeoutMs ?? 5000;
  let handling = false;
  const remove = () => {
    for (const signal of signals) process.off(signal, listener);
  };
  // A second signal while the failure is being recorded is swallowed: the
  // runner follows SIGINT with SIGTERM, and both mean the same cancellation.
  function listener(signal: NodeJS.Signals) {
    if (handling) return;
    handling = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    void Promise.race([handle(signal), deadline]).finally(() => {
      remove();
      exit(128 + (SIGNAL_NUMBERS[signal] ?? 1));
    });
  }
  for (const signal of signals) process.on(signal, listener);
  return remove;
}

type CrashKind = 'uncaughtException' | 'unhandledRejection';

/**
 * A listener for uncaughtException/unhandledRejection replaces Node's own
 * "print and exit 1", so this one does both itself, after recording the
 * failure (bounded by cancelTimeoutMs).
 */
function onCrash(options: RecordOptions, handle: (kind: CrashKind, error: unknown) => Promise<void>): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const report = options.reportCrash ?? ((error: unknown) => process.stderr.write(`${describeCrash(error)}\n`));
  const timeoutMs = options.cancelTimeoutMs ?? 5000;
  let handling = false;
  const onException = (error: unknown) => listener('uncaughtException', error);
  const onRejection = (reason: unknown) => listener('unhandledRejection', reason);
  const remove = () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
  function listener(kind: CrashKind, error: unknown) {
    report(error);
    if (handling) return;
    handling = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    void Promise.race([handle(kind, error), deadline]).finally(() => {
      remove();
      exit(1);
    });
  }
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return remove;
}

function describeCrash(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `Uncaught ${String(error)}`;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 140);
}
