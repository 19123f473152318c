import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';
import type { Cancellation } from './cancellation';
import { lineSplitter } from './log-lines';

/** The command lines GitHub's Linux runners use for each `shell:`. */
function shellCommand(shell: string | undefined, script: string): [string, string[]] {
  switch (shell ?? 'bash') {
    case 'bash':
      return ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', script]];
    case 'sh':
      return ['sh', ['-e', script]];
    case 'python':
      return ['python3', [script]];
    default: {
      if (!shell?.includes('{0}'))
        throw new UserError(`Unsupported shell "${shell}" (use bash, sh, python or a command with {0})`);
      const [command, ...args] = shell.split(/\s+/).map((part) => part.replace('{0}', script));
      return [command as string, args];
    }
  }
}

/** Runs a `run:` step's script in a file, with the step's environment. */
export function runScript(options: {
  script: string;
  shell?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  tempDir: string;
  onLine: (line: string) => void;
  timeoutMs?: number;
  cancellation?: Cancellation;
}): Promise<number> {
  const file = join(options.tempDir, 'script.sh');
  writeFileSync(file, options.script);
  const [command, args] = shellCommand(options.shell, file);
  return new Promise((done) => {
    // Its own process group, so a timeout stops what the script started too
    // (a `sleep` left behind would hold the output pipes open).
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
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      stopForwarding?.();
      options.onLine(`Error: cannot start ${command}: ${error.message}`);
      done(127);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stopForwarding?.();
      out.end();
      err.end();
      if (timedOut) {
        options.onLine(`Error: the step ran longer than its ${formatMinutes(timeoutMs)} and was stopped`);
        // 124, as timeout(1) reports a command it stopped.
        return done(124);
      }
      done(code ?? (signal ? 128 : 1));
    });
  });
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(2)} minute(s)`;
}
