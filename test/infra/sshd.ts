import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { runCommand, type CommandResult } from './commands';
import { installComposePlugin } from './compose-plugin';
import { freePort } from './ports';
import { childPids, startProcess, waitUntil, type ServerProcess } from './processes';

export interface SshdOptions {
  /**
   * Set in every remote session (sshd_config SetEnv), e.g. `startPodman().env` so the
   * remote `docker` (and `docker compose`) reach the Podman socket. DOCKER_CONFIG is
   * always the server's own (see Sshd.dockerConfig), whatever env says.
   */
  env?: Record<string, string | undefined>;
}

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  /** The login user (the one running the tests: root here and in CI). */
  user: string;
  /** OpenSSH private key text (ed25519) authorized for `user`. Treat it as a secret. */
  privateKey: string;
  /** One known_hosts line, `[127.0.0.1]:PORT ssh-ed25519 AAAA...`, for StrictHostKeyChecking=yes. */
  knownHosts: string;
  /** Files holding the same key (mode 0600) and known_hosts line, for running `ssh` yourself. */
  privateKeyFile: string;
  knownHostsFile: string;
  /**
   * DOCKER_CONFIG of every remote session: a fresh dir with the `docker compose` plugin,
   * apart from the runner's, so a remote `docker login` is the server's own (as on a real
   * server) and can be checked in `${dockerConfig}/config.json`.
   */
  dockerConfig: string;
  /** Runs a remote command with the system ssh client, host-key checking on. */
  exec(command: string, options?: { input?: string; timeoutMs?: number }): Promise<CommandResult>;
  /** Cuts every open SSH connection (their sshd processes), leaving the server listening. */
  dropConnections(): void;
  /**
   * How many SSH connections the server has authenticated so far (its "Accepted publickey"
   * log lines, LogLevel VERBOSE): one per TCP connection, however many sessions it carries.
   */
  acceptedConnections(): number;
  /** How many connections are open right now (sshd's per-connection processes). */
  openConnections(): number;
  /** Cuts connections, kills the server and deletes its keys and config. Call it in afterAll. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const PORT_ATTEMPTS = 5;

/** ssh options for a non-interactive client that verifies the host key. */
export function sshClientArgs(port: number, keyFile: string, knownHostsFile: string): string[] {
  return [
    '-p',
    String(port),
    '-i',
    keyFile,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHostsFile}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'LogLevel=ERROR',
  ];
}

function sshdConfig(dir: string, port: number, env: Record<string, string | undefined>): string {
  const lines = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The keys live in a temp dir under the world-writable /tmp, which StrictModes rejects.
    'StrictModes no',
    'PermitUserEnvironment no',
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'PrintMotd no',
    'LogLevel VERBOSE',
  ];
  const set = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const pairs = set.map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /["\n\\]/.test(value)) {
      throw new Error(`startSshd: cannot pass ${name} to sessions (bad name, or a value with a quote or newline)`);
    }
    return `"${name}=${value}"`;
  });
  if (pairs.length) lines.push(`SetEnv ${pairs.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** Resolves true once something on the port greets with an SSH banner. */
function greetsWithSsh(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('data', (chunk: Buffer) => done(chunk.toString().startsWith('SSH-2.0-')));
    socket.once('error', () => done(false));
  });
}

async function generateKey(file: string): Promise<void> {
  await runCommand('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deploy-kit-test', '-f', file], {
    timeoutMs: 10_000,
  });
}

/**
 * Starts a real OpenSSH server (/usr/sbin/sshd) as the current user (root) on
 * 127.0.0.1:<free port> with a fresh ed25519 host key and client key, and waits until
 * a client that checks the host key can run a command on it.
 */
export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-sshd-'));
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  try {
    const hostKey = join(dir, 'host_key');
    const clientKey = join(dir, 'client_key');
    await Promise.all([generateKey(hostKey), generateKey(clientKey)]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`), { mode: 0o600 });
    const [keyType, keyBase64] = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
    const user = userInfo().username;
    const dockerConfig = join(dir, 'docker-config');
    mkdirSync(dockerConfig);
    installComposePlugin(dockerConfig);
    const sessionEnv = { ...options.env, DOCKER_CONFIG: dockerConfig };

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const knownHosts = `[127.0.0.1]:${port} ${keyType} ${keyBase64}`;
      const knownHostsFile = join(dir, `known_hosts-${port}`);
      writeFileSync(knownHostsFile, `${knownHosts}\n`);
      const config = join(dir, `sshd_config-${port}`);
      writeFileSync(config, sshdConfig(dir, port, sessionEnv));
      const server = startProcess('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
        logFile: join(dir, `sshd-${port}.log`),
        tempDir: dir,
      });
      const exec: Sshd['exec'] = (command, execOptions = {}) =>
        runCommand('ssh', [...sshClientArgs(port, clientKey, knownHostsFile), `${user}@127.0.0.1`, command], {
          timeoutMs: execOptions.timeoutMs ?? 60_000,
          ...(execOptions.input === undefined ? {} : { input: execOptions.input }),
        });
      const ready = await becomesReady(server, port, exec);
      if (!ready) {
        if (attempt >= PORT_ATTEMPTS)
          throw new Error(`sshd: ${PORT_ATTEMPTS} free ports were taken before it bound them`);
        continue;
      }
      const dropConnections = () => {
        for (const pid of childPids(server.pid)) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // Already closed.
          }
        }
      };
      const acceptedConnections = () =>
        (readFileSync(server.logFile, 'utf8').match(/Accepted publickey for /g) ?? []).length;
      return {
        host: '127.0.0.1',
        port,
        user,
        privateKey: readFileSync(clientKey, 'utf8'),
        knownHosts,
        privateKeyFile: clientKey,
        knownHostsFile,
        dockerConfig,
        exec,
        dropConnections,
        acceptedConnections,
        openConnections: () => childPids(server.pid).length,
        async stop() {
          dropConnections();
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** True once it serves; false if another process had taken the port; throws otherwise. */
async function becomesReady(server: ServerProcess, port: number, exec: Sshd['exec']): Promise<boolean> {
  try {
    await waitUntil(() => greetsWithSsh(port), {
      what: `sshd on 127.0.0.1:${port} to greet`,
      timeoutMs: READY_TIMEOUT_MS,
      process: server,
    });
    // Proves it is our server (our host key) and that key login works.
    await exec('true', { timeoutMs: READY_TIMEOUT_MS });
    return true;
  } catch (error) {
    await server.stop();
    const log = server.logTail();
    if (/Address already in use|Cannot bind any address/.test(log)) return false;
    throw error instanceof Error ? new Error(`${error.message}\nsshd log:\n${log}`) : error;
  }
}
