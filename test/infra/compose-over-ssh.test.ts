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
// connection with host-key checking on: log in to a registry that requires it (token on
// stdin), pull, up -d, then serve the new version after an update.
describe('docker compose on the SSH host', () => {
  const auth = { username: 'ci-bot', password: 'ghs_tokenOnlyTheServerLogsInWith' };
  let registry: Registry;
  let podman: Podman;
  let sshd: Sshd;
  let port: number;
  const project = mkdtempSync(join(tmpdir(), 'deploy-kit-compose-'));
  const image = (tag: string) => `${registry.localhost}/octo-org/hello:${tag}`;
  const inProject = (command: string, options?: { input: string }) => sshd.exec(`cd ${project} && ${command}`, options);

  beforeAll(async () => {
    [registry, podman, port] = await Promise.all([startRegistry({ auth }), startPodman(), freePort()]);
    sshd = await startSshd({ env: podman.env });
    const env = { ...process.env, ...podman.env };
    await runCommand('docker', ['login', registry.localhost, '-u', auth.username, '--password-stdin'], {
      env,
      input: auth.password,
      timeoutMs: 30_000,
    });
    await buildAppImage({ env: podman.env, ref: image('v1.0.0'), version: 'v1.0.0', push: true });
    await buildAppImage({ env: podman.env, ref: image('v1.1.0'), version: 'v1.1.0', push: true });
    // Only the registry holds them now: the remote pull must really fetch.
    await runCommand('docker', ['rmi', image('v1.0.0'), image('v1.1.0')], { env, timeoutMs: 60_000 });
  });
  afterAll(async () => {
    if (sshd) await inProject('IMAGE=none docker compose down').catch(() => {});
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
    await inProject('cat > compose.yml', { input: `${composeFile.join('\n')}\n` });
    // The server is not logged in (its DOCKER_CONFIG is not the runner's): pulling fails.
    await expect(inProject(`export IMAGE=${image('v1.0.0')} && docker compose pull`)).rejects.toThrow(
      /unauthorized|authentication required/i,
    );
    const login = await sshd.exec(`docker login ${registry.localhost} -u ${auth.username} --password-stdin`, {
      input: auth.password,
    });
    expect(login.stdout).toContain('Login Succeeded');

    // What the deploy target relies on: the services listed before anything changes, names after `--`.
    expect((await inProject('docker compose config --services')).stdout.trim()).toBe('web');
    await inProject(`export IMAGE=${image('v1.0.0')} && docker compose pull -- web && docker compose up -d -- web`);
    expect(await healthAt(port)).toEqual({ status: 'ok', version: 'v1.0.0' });

    // The image can also come from .env in the project dir, as for a later manual `up`.
    await inProject(`echo IMAGE=${image('v1.1.0')} > .env && docker compose pull && docker compose up -d`);
    expect(await healthAt(port)).toEqual({ status: 'ok', version: 'v1.1.0' });
    const ps = await inProject('docker compose ps -q web');
    const running = await sshd.exec(`docker inspect --format '{{.Config.Image}}' ${ps.stdout.trim()}`);
    expect(running.stdout.trim()).toBe(image('v1.1.0'));

    // A pull the registry cannot serve fails the command, as with Compose v2 on Docker.
    await expect(inProject(`export IMAGE=${image('v9.9.9')} && docker compose pull web`)).rejects.toThrow(
      /exited with 1[\s\S]*not found|manifest unknown/i,
    );
    await expect(inProject('docker compose pull nosuchservice')).rejects.toThrow(/no such service: nosuchservice/);

    await inProject('docker compose down');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect((await inProject('docker compose ps -q')).stdout.trim()).toBe('');
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
