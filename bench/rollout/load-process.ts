// The load of a scenario: bench/rollout/load.mjs as a process of its own (so the deploy's own
// work in this process does not slow the requests that observe it), started before the rollout
// and stopped after it; its one JSON line is the scenario's traffic.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface LoadResult {
  requests: number;
  failed: number;
  failures: Record<string, number>;
  longestGapMs: number;
  versions: Record<string, number>;
  durationMs: number;
}

export interface RunningLoad {
  stop(): Promise<LoadResult>;
  /** Kills it without waiting for its line (cleanup after a failure). */
  kill(): void;
}

const LOAD = resolve(import.meta.dirname, 'load.mjs');
const running = new Set<ChildProcess>();

/** Every load process still running is killed (on exit, on a signal, after a failure). */
export function killAllLoads(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts the load on `url` and resolves once it has been sending for `warmupMs`. */
export async function startLoad(url: string, rate: number, warmupMs = 1500): Promise<RunningLoad> {
  const child = spawn(process.execPath, [LOAD, '--url', url, '--rate', String(rate)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  running.add(child);
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  await new Promise((done) => setTimeout(done, warmupMs));
  if (child.exitCode !== null) throw new Error(`the load process exited early (${child.exitCode})`);
  return {
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        return JSON.parse(line) as LoadResult;
      } catch {
        throw new Error(`the load process printed no result: ${JSON.stringify(out.slice(-500))}`);
      }
    },
    kill() {
      child.kill('SIGKILL');
      running.delete(child);
    },
  };
}
