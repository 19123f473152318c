import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildAppImage,
  freePort,
  runCommand,
  startPodman,
  startRegistry,
  startSshd,
  type Podman,
  type Registry,
  type Sshd,
} from './index';

// What the ssh-compose deploy target does on a server, done by hand over a real SSH
// connection with host-key checking on: log in to the registry (token on stdin), pull,
// up -d, then serve the new version after an update.
describe('docker compose on the SSH host', () => {
  let registry: Registry;
  let podman: Podman;
  let sshd: Sshd;
  let port: number;
  const project = mkdtempSync(join(tmpdir(), 'deploy-kit-compose-'));
  const image = (tag: string) => `${registry.localhost}/octo-org/hello:${tag}`;
  const compose = (tag: string, command: string) =>
    sshd.exec(`cd ${project} && export IMAGE=${image(tag)} && ${command}`);

  beforeAll(async () => {
    [registry, podman, port] = await Promise.all([startRegistry(), startPodman(), freePort()]);
    sshd = await startSshd({ env: podman.env });
    await buildAppImage({ env: podman.env, ref: image('v1.0.0'), version: 'v1.0.0', push: true });
    await buildAppImage({ env: podman.env, ref: image('v1.1.0'), version: 'v1.1.0', push: true });
    // Only the registry holds them now: the remote pull must really fetch.
    await runCommand('docker', ['rmi', image('v1.0.0'), image('v1.1.0')], {
      env: { ...process.env, ...podman.env },
      timeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    if (sshd) await compose('none', 'docker compose down').catch(() => {});
    await sshd?.stop();
    await Promise.all([registry?.stop(), podman?.stop()]);
    rmSync(project, { recursive: true, force: true });
  });

  it('has a docker compose command', async () => {
    const { stdout } = await sshd.exec('docker compose version');
    expect(stdout).toMatch(/version/i);
  });

  it('logs in with a token on stdin, pulls, starts the service and replaces it on update', async () => {
    const composeFile = [
      'services:',
      '  web:',
      '    image: ${IMAGE}',
      '    ports:',
      `      - "127.0.0.1:${port}:8080"`,
    ];
    await sshd.exec(`cat > ${project}/compose.yml`, { input: `${composeFile.join('\n')}\n` });
    const login = await sshd.exec(`docker login ${registry.localhost} -u ci --password-stdin`, {
      input: 'token-from-stdin',
    });
    expect(login.stdout).toContain('Login Succeeded');

    await compose('v1.0.0', 'docker compose pull && docker compose up -d');
    expect(await healthAt(port)).toEqual({ status: 'ok', version: 'v1.0.0' });

    await compose('v1.1.0', 'docker compose pull && docker compose up -d');
    expect(await healthAt(port)).toEqual({ status: 'ok', version: 'v1.1.0' });
    const ps = await compose('v1.1.0', 'docker compose ps -q web');
    const running = await sshd.exec(`docker inspect --format '{{.Config.Image}}' ${ps.stdout.trim()}`);
    expect(running.stdout.trim()).toBe(image('v1.1.0'));

    await compose('v1.1.0', 'docker compose down');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect((await compose('v1.1.0', 'docker compose ps -q')).stdout.trim()).toBe('');
  });
});

async function healthAt(port: number): Promise<unknown> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return await response.json();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`nothing healthy on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
