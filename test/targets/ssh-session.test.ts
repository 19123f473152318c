import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InputError, parseInputs } from '@deploy-kit/action-kit';
import {
  createTarget,
  SshComposeTarget,
  SshConnectionError,
  targetFields,
  targetSecretInputs,
} from '@deploy-kit/targets';
import { commandArguments, type SshConnection } from '../../packages/targets/src/ssh/ssh-options';
import { SshSession } from '../../packages/targets/src/ssh/ssh-session';
import { memoryLog } from '../../packages/targets/src/test-log';
import { runCommand, startSshd, type Sshd } from '../infra';

/**
 * The SSH layer against a real OpenSSH server, host key checked: one
 * connection per session whatever the number of commands, and no user value
 * ever read by ssh as an option.
 */
const root = join(import.meta.dirname, '../..');

describe('SSH session on a real sshd', () => {
  let sshd: Sshd;
  const scratch = mkdtempSync(join(tmpdir(), 'deploy-kit-ssh-session-test-'));
  const marker = join(scratch, 'proxy-command-ran');
  const injected = `-oProxyCommand=touch ${marker}`;

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const connection = (overrides: Partial<SshConnection> = {}): SshConnection => ({
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    privateKey: sshd.privateKey,
    knownHosts: sshd.knownHosts,
    skipHostKeyCheck: false,
    connectTimeoutMs: 10_000,
    ...overrides,
  });

  it('runs several commands over one connection, and leaves nothing behind on close', async () => {
    const before = sshd.acceptedConnections();
    const tempRoot = mkdtempSync(join(scratch, 'runner-temp-'));
    const session = new SshSession(connection(), tempRoot);
    try {
      for (const word of ['one', 'two', 'three', 'four']) {
        const result = await session.run(`echo ${word}`, { timeoutMs: 30_000 });
        expect(result).toEqual({ exitCode: 0, stdout: `${word}\n`, stderr: '' });
      }
      const piped = await session.run('cat; exit 3', { timeoutMs: 30_000, stdin: 'on stdin' });
      expect(piped).toMatchObject({ exitCode: 3, stdout: 'on stdin' });
      expect(sshd.acceptedConnections() - before).toBe(1);
    } finally {
      session.close();
    }
    expect(readdirSync(tempRoot)).toEqual([]);
    await waitFor(() => sshd.openConnections() === 0);
  });

  it('opens a new connection when the server dropped the old one', async () => {
    const session = new SshSession(connection());
    try {
      expect((await session.run('echo before', { timeoutMs: 30_000 })).stdout).toBe('before\n');
      sshd.dropConnections();
      await waitFor(() => sshd.openConnections() === 0);
      const before = sshd.acceptedConnections();
      let after = await session.run('echo after', { timeoutMs: 30_000 }).catch((error: unknown) => error);
      // The command may have raced the master's own exit; the next one must get a fresh connection.
      if (!(after && typeof after === 'object' && 'stdout' in after))
        after = await session.run('echo after', { timeoutMs: 30_000 });
      expect(after).toMatchObject({ exitCode: 0, stdout: 'after\n' });
      expect(sshd.acceptedConnections() - before).toBe(1);
    } finally {
      session.close();
    }
  });

  it('stops the connection and deletes the key when the process is cancelled mid-command', async () => {
    // The previous test's connection may still be closing on the server (seen on a loaded machine).
    await waitFor(() => sshd.openConnections() === 0);
    const tempRoot = mkdtempSync(join(scratch, 'cancelled-'));
    const child = spawn(
      process.execPath,
      [join(root, 'scripts/ts-run.mjs'), join(root, 'test/targets/fixtures/cancelled-session.ts')],
      {
        env: { ...process.env, SSH_CONNECTION_JSON: JSON.stringify(connection()), SSH_TEMP_ROOT: tempRoot },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve()),
    );
    expect(sshd.openConnections()).toBe(1);
    expect(readdirSync(tempRoot)).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    await waitFor(() => sshd.openConnections() === 0);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('refuses a host key it does not know on the master connection, before any command runs', async () => {
    const session = new SshSession(connection({ knownHosts: '' }));
    try {
      await expect(session.run(`touch ${marker}`, { timeoutMs: 30_000 })).rejects.toThrow(SshConnectionError);
      await expect(session.run(`touch ${marker}`, { timeoutMs: 30_000 })).rejects.toThrow(
        /host key verification failed/,
      );
    } finally {
      session.close();
    }
    expect(existsSync(marker)).toBe(false);
  });

  it.each<[string, Partial<SshConnection>]>([
    ['ssh-host', { host: injected }],
    ['ssh-user', { user: injected }],
    ['ssh-host', { host: `127.0.0.1 ${injected}` }],
  ])('refuses %s that ssh would read as an option, before ssh runs', async (input, overrides) => {
    const before = sshd.acceptedConnections();
    expect(() => new SshSession(connection(overrides))).toThrow(InputError);
    expect(() => new SshSession(connection(overrides))).toThrow(`Input "${input}"`);
    const project = { projectDir: '/srv/shop', composeCommand: 'docker compose', services: [], imageVariable: 'IMAGE' };
    expect(
      () => new SshComposeTarget({ connection: connection(overrides), project, commandTimeoutMs: 10_000 }),
    ).toThrow(InputError);
    // As the deploy, rollback and pipeline actions read it: an input error naming the input.
    const raw = {
      target: 'ssh-compose',
      'ssh-host': overrides.host ?? sshd.host,
      'ssh-user': overrides.user ?? sshd.user,
      'ssh-port': String(sshd.port),
      'ssh-key': sshd.privateKey,
      'ssh-known-hosts': sshd.knownHosts,
      'project-dir': '/srv/shop',
    };
    expect(() => createTarget(parseInputs(targetFields, raw, targetSecretInputs), { log: memoryLog() })).toThrow(
      `Input "${input}"`,
    );
    expect(existsSync(marker)).toBe(false);
    expect(sshd.acceptedConnections()).toBe(before);
  });

  it('puts the host after --, so even an unchecked host is a host name to ssh (and refused as one), never an option', async () => {
    const files = {
      keyFile: sshd.privateKeyFile,
      knownHostsFile: sshd.knownHostsFile,
      controlPath: join(scratch, 'no-master'),
    };
    const args = commandArguments(connection(), files, 'true');
    const host = args.indexOf('--') + 1;
    expect(args[host]).toBe(sshd.host);
    args[host] = injected;
    await expect(runCommand('ssh', args, { timeoutMs: 30_000 })).rejects.toThrow(
      /hostname contains invalid characters|Could not resolve hostname -oproxycommand/i,
    );
    expect(existsSync(marker)).toBe(false);
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
