import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineSplitter } from '@deploy-kit/action-kit';
import { validSshDestination } from './ssh-destination';
import { SshConnectionError, describeSshFailure } from './ssh-errors';
import { commandArguments, masterArguments, type SshConnection, type SshFiles } from './ssh-options';

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

/** A unix socket path longer than this fails to bind (sun_path is 108 bytes on Linux). */
const MAX_SOCKET_PATH = 100;
/** How often the master's control socket is looked for while it connects. */
const MASTER_POLL_MS = 10;

interface Master {
  child: ChildProcess;
  /** Resolves once the control socket exists; rejects if the connection failed. */
  ready: Promise<void>;
}

/**
 * Runs commands on one host with the system OpenSSH client, over ONE
 * connection: the first command starts a master connection (host key
 * verified, key authenticated once) and every command after it is a session
 * on that connection's control socket, which saves a TCP and SSH handshake
 * (0.3-0.4 s) per remote step. The key, known_hosts data and control socket
 * live in a private (0700) temp folder; close() stops the master and removes
 * the folder, and so does the process exiting.
 */
export class SshSession {
  private files: (SshFiles & { dir: string; masterLog: string }) | undefined;
  private master: Master | undefined;

  constructor(
    readonly connection: SshConnection,
    private readonly tempRoot: string = process.env.RUNNER_TEMP || tmpdir(),
  ) {
    // Refused here, before any file is written or ssh started.
    validSshDestination(connection);
  }

  private open(): SshFiles & { dir: string; masterLog: string } {
    if (this.files) return this.files;
    const dir = mkdtempSync(join(this.tempRoot, 'deploy-kit-ssh-'));
    chmodSync(dir, 0o700);
    const keyFile = join(dir, 'key');
    const knownHostsFile = join(dir, 'known_hosts');
    // Beside the key when the path fits a socket address; else in its own private dir under /tmp.
    let controlPath = join(dir, 'control');
    if (controlPath.length > MAX_SOCKET_PATH) {
      const socketDir = mkdtempSync(join('/tmp', 'dk-ssh-'));
      chmodSync(socketDir, 0o700);
      controlPath = join(socketDir, 'control');
    }
    // OpenSSH rejects a key without its final newline, and one readable by others.
    writeFileSync(keyFile, `${this.connection.privateKey.trim()}\n`, { mode: 0o600 });
    writeFileSync(knownHostsFile, `${(this.connection.knownHosts ?? '').trim()}\n`, { mode: 0o600 });
    this.files = { dir, keyFile, knownHostsFile, controlPath, masterLog: join(dir, 'master.log') };
    // A cancelled job exits without running `finally` blocks; neither the key nor the master may outlive the process.
    process.once('exit', this.release);
    return this.files;
  }

  /**
   * Starts the master connection ahead of the first command, so that its
   * handshake overlaps other work. Resolves once connected; a failure is
   * also the next command's, which tries again and throws it.
   */
  connect(): Promise<void> {
    return this.connected(this.open());
  }

  /**
   * Runs one command line on the host (parsed by the remote user's shell).
   * Resolves with the exit code of the remote command; a failure of the
   * connection itself (ssh exit 255) is thrown as a SshConnectionError.
   */
  async run(command: string, options: RemoteRunOptions): Promise<RemoteResult> {
    const files = this.open();
    await this.connected(files);
    const result = await spawnSsh(commandArguments(this.connection, files, command), options);
    if (result.exitCode === 255) {
      // The connection failed under this command. Its master may not have exited yet (a cut
      // connection reaches the two processes at different moments), and a next command sent
      // through a dying master fails too: that made the put-back after a cut connection fail
      // on a loaded machine. The next command starts a master of its own.
      this.dropMaster();
      throw describeSshFailure(this.connection, result.stderr);
    }
    return result;
  }

  /** The running master, started if there is none (first command, or the last one was dropped). */
  private connected(files: SshFiles & { masterLog: string }): Promise<void> {
    if (this.master && this.master.child.exitCode === null && this.master.child.signalCode === null) {
      return this.master.ready;
    }
    rmSync(files.controlPath, { force: true });
    const log = openSync(files.masterLog, 'w', 0o600);
    let child: ChildProcess;
    try {
      // stderr to a file, not a pipe: nothing of ours waits on the master, so it never holds the process open.
      child = spawn('ssh', masterArguments(this.connection, files), { stdio: ['ignore', 'ignore', log] });
    } finally {
      closeSync(log);
    }
    child.unref();
    const { user, host, port } = this.connection;
    const ready = waitForSocket(
      child,
      files.controlPath,
      `${user}@${host}:${port}`,
      this.connection.connectTimeoutMs + 5000,
    ).catch((failure: unknown) => {
      stopProcess(child);
      if (failure instanceof MasterExit) {
        throw describeSshFailure(this.connection, readFileSync(files.masterLog, 'utf8'));
      }
      throw failure;
    });
    this.master = { child, ready };
    return ready;
  }

  private dropMaster(): void {
    if (this.master) stopProcess(this.master.child);
    this.master = undefined;
  }

  /** Stops the master connection and deletes the key, known_hosts and socket. */
  close(): void {
    process.off('exit', this.release);
    this.release();
  }

  private readonly release = (): void => {
    this.dropMaster();
    if (this.files) {
      removeTree(this.files.dir);
      if (!this.files.controlPath.startsWith(this.files.dir)) removeTree(join(this.files.controlPath, '..'));
    }
    this.files = undefined;
  };
}

/**
 * Removes a folder and everything in it, for certain. The master, just sent SIGTERM, unlinks its
 * control socket while the folder is being removed; Node 24's rmSync stops at an entry that
 * vanished under it and returns as if done, leaving the folder and the key in it (seen on a loaded
 * machine). A second pass finds the folder without that entry and finishes.
 */
function removeTree(path: string): void {
  for (let pass = 0; pass < 5 && existsSync(path); pass += 1) rmSync(path, { recursive: true, force: true });
}

/** The master exited before its socket appeared: the connection failed (its stderr says why). */
class MasterExit extends Error {}

function waitForSocket(child: ChildProcess, socket: string, where: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const finish = (outcome: () => void) => {
      clearInterval(poll);
      child.off('exit', onExit);
      child.off('error', onError);
      outcome();
    };
    const onExit = () => finish(() => reject(new MasterExit('ssh master exited')));
    const onError = (error: Error) =>
      finish(() =>
        reject(error.message.includes('ENOENT') ? new Error('The ssh client is not installed on this runner') : error),
      );
    const poll = setInterval(() => {
      if (existsSync(socket)) finish(resolve);
      else if (Date.now() > deadline) {
        finish(() =>
          reject(
            new SshConnectionError(
              `Cannot connect to ${where}: no SSH connection within ${Math.round(timeoutMs / 1000)}s.`,
            ),
          ),
        );
      }
    }, MASTER_POLL_MS);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function stopProcess(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function spawnSsh(args: string[], options: RemoteRunOptions): Promise<RemoteResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const onLine = options.onLine ?? (() => undefined);
    const outLines = lineSplitter(onLine);
    const errLines = lineSplitter(onLine);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      outLines.write(chunk.toString());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      errLines.write(chunk.toString());
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
      outLines.end();
      errLines.end();
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
