import type { ChildProcess } from 'node:child_process';

/**
 * Ctrl-C (SIGINT) or a SIGTERM while a step runs cancels the run, as
 * cancelling a workflow on GitHub does: the running step gets the signal
 * (its whole process group: an action and what it started, so it can record
 * the failure and clean up), later steps and jobs see cancelled(), and
 * `always()` ones, such as notify, still run.
 */
export class Cancellation {
  signal: NodeJS.Signals | undefined;

  get cancelled(): boolean {
    return this.signal !== undefined;
  }

  /** Forwards SIGINT/SIGTERM to the child's process group while it runs; returns the undo. */
  forwardTo(child: ChildProcess): () => void {
    const forward = (signal: NodeJS.Signals): void => {
      this.signal = signal;
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
  }
}
