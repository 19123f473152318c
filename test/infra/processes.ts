import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';

/** A long-running server process started by a test, with its output in a log file. */
export interface ServerProcess {
  readonly pid: number;
  readonly name: string;
  /** Where its stdout and stderr go. */
  readonly logFile: string;
  /** Whether the process has exited (on its own or stopped). */
  exited(): boolean;
  /** The last lines it printed, for error messages. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL if it has not exited within graceMs. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  /** stdout and stderr both go here (a file in the server's own temp dir). */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The server's temp dir: removed too if the test process ends without stopping it. */
  tempDir?: string;
}

/**
 * Kills `pid` when the test process goes away without stopping it (a test failed before
 * afterAll, or forgot; jest killed the worker). An exit hook cannot do this: jest gives
 * test files their own `process` object whose 'exit' never fires, and nothing runs after
 * SIGKILL. So a tiny `sh` waits on a pipe only we hold open: when this process ends, by
 * any means, the pipe closes and the watchdog kills the server.
 */
function startWatchdog(pid: number, tempDir?: string): ChildProcess {
  const cleanup = tempDir ? `; sleep 1; rm -rf '${tempDir.replace(/'/g, `'\\''`)}'` : '';
  const watchdog = spawn('sh', ['-c', `cat >/dev/null; kill -KILL ${pid} 2>/dev/null${cleanup}`], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => {});
  watchdog.stdin?.on('error', () => {});
  // Neither may keep jest waiting.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

export function startProcess(command: string, args: readonly string[], options: StartProcessOptions): ServerProcess {
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', log, log],
    });
  } finally {
    // The child has its own copy of the descriptor.
    closeSync(log);
  }
  if (child.pid === undefined) {
    // The spawn error (ENOENT...) is also emitted as an event: without a listener it would
    // crash the test process instead of failing this call.
    child.once('error', () => {});
    throw new Error(`could not start ${command}: is it installed? (run test/infra/setup-host.sh)`);
  }
  const pid = child.pid;
  const watchdog = startWatchdog(pid, options.tempDir);
  // A server a test forgot to stop must not keep jest from exiting (the watchdog kills it).
  child.unref();
  let hasExited = false;
  const ended = () => {
    hasExited = true;
    // Its job is done; stopping it now also rules out killing a reused pid later.
    watchdog.kill('SIGKILL');
    // ...and lets its `cat` see end-of-file and exit too.
    watchdog.stdin?.destroy();
  };
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      ended();
      resolve();
    });
  });
  // A spawn error (e.g. ENOENT) arrives as an event; record it and let readiness checks
  // report the log.
  child.once('error', ended);

  return {
    pid,
    name: command,
    logFile: options.logFile,
    exited: () => hasExited,
    logTail(lines = 20) {
      if (!existsSync(options.logFile)) return '';
      return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    },
    async stop(graceMs = 5000) {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface WaitOptions {
  /** What is awaited, for the error message ("registry on 127.0.0.1:15003 to answer /v2/"). */
  what: string;
  timeoutMs: number;
  /** Stop waiting early, with its log, if this process dies. */
  process?: ServerProcess;
  intervalMs?: number;
}

/** Polls check() until it returns true; bounded by timeoutMs. */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    if (options.process?.exited()) {
      throw new Error(
        `${options.process.name} exited while waiting for ${options.what}:\n${options.process.logTail()}`,
      );
    }
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      const log = options.process ? `\n${options.process.logTail()}` : '';
      const cause = lastError ? ` (last error: ${lastError})` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${cause}${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** Pids whose parent is `pid` (from /proc), e.g. the per-connection children of sshd. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}
