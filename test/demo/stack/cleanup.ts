/**
 * Stop functions, run newest first. Every stop runs even when an earlier one
 * fails, so one stuck piece never leaves the others running.
 */
export class Cleanup {
  private readonly steps: { what: string; stop: () => Promise<void> }[] = [];
  private done?: Promise<string[]>;

  add(what: string, stop: () => Promise<void>): void {
    this.steps.push({ what, stop });
  }

  /** Runs every stop once (later calls wait for the first); returns the failures, one line each. */
  run(): Promise<string[]> {
    this.done ??= (async () => {
      const failures: string[] = [];
      for (const step of this.steps.reverse()) {
        try {
          await step.stop();
        } catch (error) {
          failures.push(`${step.what}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return failures;
    })();
    return this.done;
  }
}
