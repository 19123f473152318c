import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, sshClientArgs, startSshd, type Sshd } from './index';

describe('startSshd', () => {
  let sshd: Sshd;
  const scratch = mkdtempSync(join(tmpdir(), 'deploy-kit-sshd-test-'));

  beforeAll(async () => {
    sshd = await startSshd({
      env: {
        DEPLOY_KIT_PROBE: 'from sshd_config',
        DEPLOY_KIT_SPACED: '/tmp/probe config',
        DOCKER_CONFIG: '/elsewhere',
      },
    });
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs remote commands for the key holder, with the session environment it was given', async () => {
    expect(sshd.host).toBe('127.0.0.1');
    expect(sshd.knownHosts).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 AAAA\\S+$`));
    expect(sshd.privateKey).toContain('BEGIN OPENSSH PRIVATE KEY');
    const { stdout } = await sshd.exec('echo "$(id -un)|$DEPLOY_KIT_PROBE|$DEPLOY_KIT_SPACED|$DOCKER_CONFIG"; cat');
    expect(stdout).toBe(`${sshd.user}|from sshd_config|/tmp/probe config|${sshd.dockerConfig}\n`);
    const echoed = await sshd.exec('cat', { input: 'over stdin' });
    expect(echoed.stdout).toBe('over stdin');
  });

  it('works for a client given only the returned key text and known_hosts line', async () => {
    const key = join(scratch, 'key');
    const knownHosts = join(scratch, 'known_hosts');
    writeFileSync(key, sshd.privateKey, { mode: 0o600 });
    writeFileSync(knownHosts, `${sshd.knownHosts}\n`);
    const args = [...sshClientArgs(sshd.port, key, knownHosts), `${sshd.user}@${sshd.host}`, 'echo ok'];
    expect((await runCommand('ssh', args, { timeoutMs: 30_000 })).stdout).toBe('ok\n');
  });

  it('is refused by a client that expects a different host key', async () => {
    const otherKey = join(scratch, 'other_host_key');
    await runCommand('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey], { timeoutMs: 10_000 });
    const [type, key] = (await runCommand('cat', [`${otherKey}.pub`], { timeoutMs: 5000 })).stdout.split(' ');
    const wrongKnownHosts = join(scratch, 'wrong_known_hosts');
    writeFileSync(wrongKnownHosts, `[127.0.0.1]:${sshd.port} ${type} ${key}\n`);
    const args = [...sshClientArgs(sshd.port, sshd.privateKeyFile, wrongKnownHosts), `${sshd.user}@127.0.0.1`];
    await expect(runCommand('ssh', [...args, 'echo should-not-run'], { timeoutMs: 30_000 })).rejects.toThrow(
      /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/,
    );
  });

  it('is refused by a client that does not know the host at all', async () => {
    const empty = join(scratch, 'empty_known_hosts');
    writeFileSync(empty, '');
    const args = [...sshClientArgs(sshd.port, sshd.privateKeyFile, empty), `${sshd.user}@127.0.0.1`, 'true'];
    await expect(runCommand('ssh', args, { timeoutMs: 30_000 })).rejects.toThrow(/Host key verification failed/);
  });

  it('counts the connections it accepted, one per ssh client run', async () => {
    const before = sshd.acceptedConnections();
    await sshd.exec('true');
    await sshd.exec('true');
    expect(sshd.acceptedConnections()).toBe(before + 2);
    await waitFor(async () => sshd.openConnections() === 0);
  });

  it('cuts open connections on dropConnections() and still accepts new ones', async () => {
    const long = sshd.exec('echo started; sleep 60', { timeoutMs: 90_000 });
    await waitFor(async () => (await sshd.exec('pgrep -f "sleep 60" || true')).stdout.trim() !== '');
    sshd.dropConnections();
    await expect(long).rejects.toThrow(/exited with 255/);
    expect((await sshd.exec('echo again')).stdout).toBe('again\n');
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
