import { performance } from 'node:perf_hooks';

/** What the app answered from a moment on (performance.now()); undefined when nothing answered. */
interface Change {
  at: number;
  version: string | undefined;
}

const POLL_MS = 20;

/**
 * Watches which version the app serves, as a user's browser would see it:
 * GET / (the app answers its version) every 20 ms, keeping each change.
 */
export class ServingWatch {
  private readonly changes: Change[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly url: string) {
    this.loop = this.poll();
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const asked = performance.now();
      let version: string | undefined;
      try {
        const response = await fetch(this.url, { signal: AbortSignal.timeout(1000) });
        version = response.ok ? (await response.text()).trim() : undefined;
      } catch {
        version = undefined;
      }
      if (this.changes.at(-1)?.version !== version || this.changes.length === 0)
        this.changes.push({ at: asked, version });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (performance.now() - asked))));
    }
  }

  /** When `version` was first seen served at or after `from` (the time the request was sent). */
  firstServing(version: string, from: number): number | undefined {
    const atStart = this.changes.filter((change) => change.at <= from).at(-1);
    if (atStart?.version === version) return from;
    return this.changes.find((change) => change.at > from && change.version === version)?.at;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
