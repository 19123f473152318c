import { spawn } from 'node:child_process';
import { lineSplitter } from '@deploy-kit/action-kit';
import type { Cancellation } from './cancellation';

export interface SpawnLoggedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  onLine: (line: string) => void;
  timeoutMs: number;
  cancellation?: Cancellation;
}

export type SpawnOutcome =
  { kind: 'exited'; code: number } | { kind: 'timed-out' } | { kind: 'not-started'; error: Error };

/**
 * Runs a step's process (an action bundle or a `run:` script) the way the
 * runner does: in its own process group, so a timeout also stops what it
 * started (ssh, docker, a `sleep` holding the pipes open); every output line
 * passed on whole (stdout and stderr are split separately so a line is never
 * cut in two); a cancellation forwarded to it.
 */
export function spawnLogged(command: string, args: string[], options: SpawnLoggedOptions): Promise<SpawnOutcome> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stopForwarding = options.cancellation?.forwardTo(child);
    const out = lineSplitter(options.onLine);
    const err = lineSplitter(options.onLine);
    child.stdout.on('data', (chunk: Buffer) => out.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => err.write(chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      stopForwarding?.();
      done({ kind: 'not-started', error });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stopForwarding?.();
      out.end();
      err.end();
      done(timedOut ? { kind: 'timed-out' } : { kind: 'exited', code: code ?? (signal ? 128 : 1) });
    });
  });
}
