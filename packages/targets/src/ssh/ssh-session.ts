import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineSplitter } from '../line-splitter';
import { describeSshFailure } from './ssh-errors';
import { sshArguments, type SshConnection, type SshFiles } from './ssh-options';

export interface RemoteResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RemoteRunOptions {
  /** Sent on the command's standard input (secrets travel this way, never in argv). */
  stdin?: string;
  timeoutMs: number;
  /** Called for each line the remote command prints, as it arrives. */
  onLine?: (line: string) => void;
}

/**
 * Runs commands on one host with the system OpenSSH client. The key and the
 * known_hosts data live in a private temp folder for as long as the session
 * is open and are removed by close(), whatever happened.
 */
export class SshSession {
  private files: (SshFiles & { dir: string }) | undefined;

  constructor(
    readonly connection: SshConnection,
    private readonly tempRoot: string = process.env.RUNNER_TEMP || tmpdir(),
  ) {}

  private open(): SshFiles {
    if (this.files) return this.files;
    const dir = mkdtempSync(join(this.tempRoot, 'deploy-kit-ssh-'));
    chmodSync(dir, 0o700);
    const keyFile = join(dir, 'key');
    const knownHostsFile = join(dir, 'known_hosts');
    // OpenSSH rejects a key without its final newline, and one readable by others.
    writeFileSync(keyFile, `${this.connection.privateKey.trim()}\n`, { mode: 0o600 });
    writeFileSync(knownHostsFile, `${(this.connection.knownHosts ?? '').trim()}\n`, { mode: 0o600 });
    this.files = { dir, keyFile, knownHostsFile };
    // A cancelled job exits without running `finally` blocks; the key must not outlive the process either.
    process.once('exit', this.removeFiles);
    return this.files;
  }

  /**
   * Runs one command line on the host (parsed by the remote user's shell).
   * Resolves with the exit code of the remote command; a failure of the
   * connection itself (ssh exit 255) is thrown as a SshConnectionError.
   */
  async run(command: string, options: RemoteRunOptions): Promise<RemoteResult> {
    const args = [...sshArguments(this.connection, this.open()), '--', command];
    const result = await spawnSsh(args, options);
    if (result.exitCode === 255) throw describeSshFailure(this.connection, result.stderr);
    return result;
  }

  close(): void {
    process.off('exit', this.removeFiles);
    this.removeFiles();
  }

  private readonly removeFiles = (): void => {
    if (this.files) rmSync(this.files.dir, { recursive: true, force: true });
    this.files = undefined;
  };
}

function spawnSsh(args: string[], options: RemoteRunOptions): Promise<RemoteResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const outLines = lineSplitter(options.onLine);
    const errLines = lineSplitter(options.onLine);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      outLines.push(chunk.toString());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      errLines.push(chunk.toString());
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error.message.includes('ENOENT') ? new Error('The ssh client is not installed on this runner') : error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      outLines.flush();
      errLines.flush();
      if (timedOut) {
        resolve({
          exitCode: 124,
          stdout,
          stderr: `${stderr}\nTimed out after ${Math.round(options.timeoutMs / 1000)}s`,
        });
        return;
      }
      resolve({ exitCode: code ?? (signal ? 255 : 1), stdout, stderr });
    });
    // The remote side may exit before reading its input; that is not our error to report.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}
