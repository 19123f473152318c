import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient } from '@deploy-kit/registry';
import {
  RemoteCommandError,
  SshComposeTarget,
  SshConnectionError,
  type DeployRequest,
  type ServiceSlot,
} from '@deploy-kit/targets';
import { memoryLog } from '../../packages/targets/src/test-log';
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
} from '../infra';
import { createComposeProject, fetchText } from './compose-project';

/** The inputs path's one service: image variable IMAGE, every compose service of the project. */
const app: ServiceSlot = { service: 'app', composeService: 'web', imageVariable: 'IMAGE' };

function only(request: DeployRequest) {
  const [service] = request.services;
  if (!service) throw new Error('a request without services');
  return service;
}

/**
 * The ssh-compose target against a real OpenSSH server (host keys checked)
 * whose `docker compose` runs on Podman, pulling from a real registry.
 */
describe('ssh-compose target on a real host', () => {
  let podman: Podman;
  let registry: Registry;
  let sshd: Sshd;
  let projectDir: string;
  let appPort: number;
  const requests: Record<string, DeployRequest> = {};

  beforeAll(async () => {
    [podman, registry] = await Promise.all([startPodman(), startRegistry()]);
    sshd = await startSshd({ env: stringEnv(podman.env) });
    appPort = await freePort();
    projectDir = createComposeProject(appPort);
    const client = new RegistryClient({ timeoutMs: 10_000 });
    for (const version of ['v1.0.0', 'v1.1.0']) {
      const image = `${registry.localhost}/acme/shop:${version}`;
      await buildAppImage({ env: { ...process.env, ...podman.env }, ref: image, version, push: true });
      const { digest } = (await client.resolve(image))!;
      const imageRef = `${registry.localhost}/acme/shop@${digest}`;
      requests[version] = { version, environment: 'production', services: [{ ...app, image, digest, imageRef }] };
    }
  }, 300_000);

  afterAll(async () => {
    if (projectDir && podman) {
      await runCommand('docker', ['compose', 'down'], {
        cwd: projectDir,
        env: { ...process.env, ...podman.env, IMAGE: 'x', APP_PORT: String(appPort) },
        timeoutMs: 60_000,
      }).catch(() => undefined);
    }
    await sshd?.stop();
    await Promise.all([podman?.stop(), registry?.stop()]);
    if (projectDir) rmSync(projectDir, { recursive: true, force: true });
  }, 120_000);

  // current() leaves its connection open for a deploy to reuse; every target is closed after its test.
  const targets: SshComposeTarget[] = [];
  afterEach(() => {
    for (const made of targets.splice(0)) made.close();
  });

  const target = (overrides: Partial<{ knownHosts: string; composeCommand: string }> = {}) =>
    track(
      new SshComposeTarget({
        connection: {
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          privateKey: sshd.privateKey,
          knownHosts: overrides.knownHosts ?? sshd.knownHosts,
          skipHostKeyCheck: false,
          connectTimeoutMs: 10_000,
        },
        project: { projectDir, composeCommand: overrides.composeCommand ?? 'docker compose' },
        // As the inputs path without a `services` input: the one image, every compose service.
        composeServices: [],
        commandTimeoutMs: 120_000,
      }),
    );
  const track = (made: SshComposeTarget) => {
    targets.push(made);
    return made;
  };

  it('deploys the exact digest with pull + up -d, keeps .env, and reports it as current', async () => {
    const log = memoryLog();
    expect(await target().current([app], log)).toBeUndefined();
    await target().deploy(requests['v1.0.0']!, log);

    expect(await fetchText(`http://127.0.0.1:${appPort}/`)).toBe('v1.0.0');
    const envFile = readFileSync(join(projectDir, '.env'), 'utf8');
    expect(envFile).toBe(`# kept by every deploy\nAPP_PORT=${appPort}\nIMAGE=${only(requests['v1.0.0']!).imageRef}\n`);
    expect(await target().current([app], log)).toEqual({
      version: 'v1.0.0',
      services: [
        { service: 'app', imageRef: only(requests['v1.0.0']!).imageRef, digest: only(requests['v1.0.0']!).digest },
      ],
    });
    expect(log.groups.some((title) => title.endsWith('docker compose up -d'))).toBe(true);
  });

  it('logs the host into the registry with the password on standard input only', async () => {
    const log = memoryLog();
    const password = 'registry-token-do-not-print-0123456789';
    await target().deploy(
      { ...requests['v1.1.0']!, registryAuth: { registry: registry.localhost, username: 'ci', password } },
      log,
    );
    expect(await fetchText(`http://127.0.0.1:${appPort}/`)).toBe('v1.1.0');
    expect(log.groups).toContain(`127.0.0.1: docker login ${registry.localhost}`);
    expect(log.lines.join('\n')).not.toContain(password);
  });

  it('refuses a host whose key is not the one in ssh-known-hosts, before changing anything', async () => {
    const before = readFileSync(join(projectDir, '.env'), 'utf8');
    const otherHostKey = sshd.knownHosts.replace(
      /ssh-ed25519 \S+/,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    );
    const deploy = target({ knownHosts: otherHostKey }).deploy(requests['v1.0.0']!, memoryLog());
    await expect(deploy).rejects.toThrow(SshConnectionError);
    await expect(target({ knownHosts: otherHostKey }).current([app], memoryLog())).rejects.toThrow(
      /host key verification failed/,
    );
    expect(readFileSync(join(projectDir, '.env'), 'utf8')).toBe(before);
    expect(await fetchText(`http://127.0.0.1:${appPort}/`)).toBe('v1.1.0');
  });

  it('connects without host key data only when ssh-insecure-skip-host-key asks for it', async () => {
    const insecure = track(
      new SshComposeTarget({
        connection: {
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          privateKey: sshd.privateKey,
          skipHostKeyCheck: true,
          connectTimeoutMs: 10_000,
        },
        project: { projectDir, composeCommand: 'docker compose' },
        composeServices: [],
        commandTimeoutMs: 60_000,
      }),
    );
    expect(await insecure.current([app], memoryLog())).toMatchObject({ version: 'v1.1.0' });
    await expect(target({ knownHosts: '' }).current([app], memoryLog())).rejects.toThrow(
      /host key verification failed/,
    );
  });

  it('fails on a failing remote command, shows its output in a group, and puts .env back', async () => {
    const before = readFileSync(join(projectDir, '.env'), 'utf8');
    const log = memoryLog();
    // A compose whose `pull` fails: the check of the host (config) passes, then .env is changed and must come back.
    const failingPull =
      'f() { case " $* " in *" pull "*) echo "no such compose" >&2; return 7;; esac; docker compose "$@"; }; f';
    const deploy = target({ composeCommand: failingPull }).deploy(requests['v1.0.0']!, log);
    await expect(deploy).rejects.toThrow(RemoteCommandError);
    await expect(deploy).rejects.toThrow(/exit code 7: no such compose.*the previous \.env is back/);
    expect(log.lines).toContain('no such compose');
    expect(log.groups).toContain('127.0.0.1: put back the previous .env');
    expect(readFileSync(join(projectDir, '.env'), 'utf8')).toBe(before);
    expect(await fetchText(`http://127.0.0.1:${appPort}/`)).toBe('v1.1.0');
  });

  it('runs the look at the host and every step of a deploy over ONE SSH connection, closed when it ends', async () => {
    const before = sshd.acceptedConnections();
    const log = memoryLog();
    const deployer = target();
    const running = await deployer.current([app], log);
    const next = running?.version === 'v1.0.0' ? 'v1.1.0' : 'v1.0.0';
    await deployer.deploy(requests[next]!, log);

    expect(await fetchText(`http://127.0.0.1:${appPort}/`)).toBe(next);
    expect(readFileSync(join(projectDir, '.env'), 'utf8')).toBe(
      `# kept by every deploy\nAPP_PORT=${appPort}\nIMAGE=${only(requests[next]!).imageRef}\n`,
    );
    // One probe by current() (no log group; it also reads .env, which the deploy reuses), then these three steps.
    expect(log.groups).toEqual([
      '127.0.0.1: set IMAGE in .env, docker compose pull',
      '127.0.0.1: docker compose up -d',
      `127.0.0.1: record the release in ${projectDir}`,
    ]);
    expect(sshd.acceptedConnections() - before).toBe(1);
    await waitFor(() => sshd.openConnections() === 0);
  });

  it('prepare() opens the connection ahead; the look at the host and the deploy after it use that one connection', async () => {
    const before = sshd.acceptedConnections();
    const deployer = target();
    deployer.prepare();
    await waitFor(() => sshd.acceptedConnections() - before === 1);
    const log = memoryLog();
    const running = await deployer.current([app], log);
    const next = running?.version === 'v1.0.0' ? 'v1.1.0' : 'v1.0.0';
    await deployer.deploy(requests[next]!, log);
    expect(await fetchText(`http://127.0.0.1:${appPort}/`)).toBe(next);
    expect(sshd.acceptedConnections() - before).toBe(1);
    await waitFor(() => sshd.openConnections() === 0);
  });

  it('prepare() against the wrong host key throws nothing; current() reports the failure', async () => {
    const otherHostKey = sshd.knownHosts.replace(
      /ssh-ed25519 \S+/,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    );
    const refused = target({ knownHosts: otherHostKey });
    expect(() => refused.prepare()).not.toThrow();
    await expect(refused.current([app], memoryLog())).rejects.toThrow(/host key verification failed/);
  });

  it('closes the connection of a failed deploy too, after one connection for all its steps', async () => {
    const before = sshd.acceptedConnections();
    const failing = target({ composeCommand: 'exit 9; true' });
    await expect(failing.deploy(requests['v1.0.0']!, memoryLog())).rejects.toThrow(/exit code 9/);
    expect(sshd.acceptedConnections() - before).toBe(1);
    await waitFor(() => sshd.openConnections() === 0);
  });

  it("still reads the state file today's single-image version wrote, as the service app", async () => {
    const envImage = /^IMAGE=(.*)$/m.exec(readFileSync(join(projectDir, '.env'), 'utf8'))?.[1];
    const running = [requests['v1.0.0']!, requests['v1.1.0']!].map(only).find((s) => s.imageRef === envImage)!;
    // What the single-image version left on a host: one record per project, no service set.
    rmSync(join(projectDir, '.deploy-kit'), { recursive: true, force: true });
    mkdirSync(join(projectDir, '.deploy-kit'));
    const legacy = { imageRef: running.imageRef, digest: running.digest, version: 'v0.9.0', environment: 'production' };
    writeFileSync(join(projectDir, '.deploy-kit/release.json'), JSON.stringify(legacy, null, 2));

    expect(await target().current([app], memoryLog())).toEqual({
      version: 'v0.9.0',
      services: [{ service: 'app', imageRef: running.imageRef, digest: running.digest }],
    });
    // Another service set (another image variable) never takes that record as its own.
    const other: ServiceSlot = { service: 'app', composeService: 'web', imageVariable: 'IMAGE_TAG' };
    await expect(target().current([other], memoryLog())).rejects.toThrow(
      'Input "image-variable": the compose file never uses ${IMAGE_TAG}, the image variable of service app',
    );
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
