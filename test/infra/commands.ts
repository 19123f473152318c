import { spawn } from 'node:child_process';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed (and the promise rejected) after this long. */
  timeoutMs: number;
  /** Written to stdin, which is otherwise closed. */
  input?: string;
}

/** Runs a command to completion; rejects with its output when it fails or times out. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A command that exits without reading its input closes the pipe: not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      const how = timedOut ? `timed out after ${options.timeoutMs} ms` : `exited with ${code ?? signal}`;
      const output = `${stdout}${stderr}`.trimEnd().split('\n').slice(-30).join('\n');
      reject(new Error(`\`${command} ${args.join(' ')}\` ${how}:\n${output}`));
    });
  });
}
