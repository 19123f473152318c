import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryClient } from '@deploy-kit/registry';
import {
  RemoteCommandError,
  SshComposeTarget,
  type DeployRequest,
  type ServiceImage,
  type ServiceSlot,
} from '@deploy-kit/targets';
import { UserError } from '@deploy-kit/action-kit';
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
import { createTwoServiceProject, fetchText } from './compose-project';

const COMPOSE_FILE = 'docker-compose.prod.yml';
const api: ServiceSlot = { service: 'api', composeService: 'api', imageVariable: 'API_IMAGE' };
const frontend: ServiceSlot = { service: 'frontend', composeService: 'frontend', imageVariable: 'FRONTEND_IMAGE' };

/**
 * Several services of one release on one host, as the app ships them
 * (api + frontend): a real sshd (host key checked) whose `docker compose`
 * runs on Podman, pulling from a real registry.
 */
describe('ssh-compose target: several services in one compose operation', () => {
  let podman: Podman;
  let registry: Registry;
  let sshd: Sshd;
  let projectDir: string;
  const ports = { api: 0, frontend: 0 };
  /** Pinned images by `<service>:<version>`. */
  const images: Record<string, ServiceImage> = {};

  beforeAll(async () => {
    [podman, registry, ports.api, ports.frontend] = await Promise.all([
      startPodman(),
      startRegistry(),
      freePort(),
      freePort(),
    ]);
    sshd = await startSshd({ env: stringEnv(podman.env) });
    projectDir = createTwoServiceProject(ports);
    const env = { ...process.env, ...podman.env };
    const client = new RegistryClient({ timeoutMs: 10_000 });
    const pin = async (slot: ServiceSlot, version: string) => {
      const image = `${registry.localhost}/acme/shop/${slot.service}:${version}`;
      const { digest } = (await client.resolve(image))!;
      images[`${slot.service}:${version}`] = {
        ...slot,
        image,
        digest,
        imageRef: `${registry.localhost}/acme/shop/${slot.service}@${digest}`,
      };
    };
    for (const slot of [api, frontend]) {
      for (const version of ['v1.0.0', 'v1.1.0']) {
        const ref = `${registry.localhost}/acme/shop/${slot.service}:${version}`;
        await buildAppImage({ env, ref, version, push: true });
        await pin(slot, version);
      }
    }
    // A frontend release that cannot start: its command does not exist in the image.
    const context = mkdtempSync(join(tmpdir(), 'deploy-kit-broken-image-'));
    try {
      writeFileSync(
        join(context, 'Dockerfile'),
        `FROM ${images['frontend:v1.1.0']!.image}\nCMD ["/no-such-program"]\n`,
      );
      const broken = `${registry.localhost}/acme/shop/frontend:v1.2.0`;
      await runCommand('docker', ['build', '--quiet', '--tag', broken, context], {
        env: { ...env, DOCKER_BUILDKIT: '0' },
        timeoutMs: 180_000,
      });
      await runCommand('docker', ['push', broken], { env, timeoutMs: 120_000 });
      await pin(frontend, 'v1.2.0');
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  }, 600_000);

  afterAll(async () => {
    if (projectDir && podman) {
      await runCommand('docker', ['compose', '-f', COMPOSE_FILE, 'down'], {
        cwd: projectDir,
        env: { ...process.env, ...podman.env, API_IMAGE: 'x', FRONTEND_IMAGE: 'x' },
        timeoutMs: 60_000,
      }).catch(() => undefined);
    }
    await sshd?.stop();
    await Promise.all([podman?.stop(), registry?.stop()]);
    if (projectDir) rmSync(projectDir, { recursive: true, force: true });
  }, 120_000);

  const targets: SshComposeTarget[] = [];
  afterEach(() => {
    for (const made of targets.splice(0)) made.close();
  });

  /** composeServices: the inputs path's `services` input (one image for the listed compose services). */
  const target = (composeServices?: string[]) => {
    const made = new SshComposeTarget({
      connection: {
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        privateKey: sshd.privateKey,
        knownHosts: sshd.knownHosts,
        skipHostKeyCheck: false,
        connectTimeoutMs: 10_000,
      },
      project: { projectDir, composeFile: COMPOSE_FILE, composeCommand: 'docker compose' },
      ...(composeServices ? { composeServices } : {}),
      commandTimeoutMs: 120_000,
    });
    targets.push(made);
    return made;
  };
  const release = (version: string, services: ServiceImage[]): DeployRequest => ({
    version,
    environment: 'production',
    services: [...services].sort((a, b) => a.service.localeCompare(b.service)),
  });
  const running = (...services: ServiceImage[]) =>
    services.map(({ service, imageRef, digest }) => ({ service, imageRef, digest }));
  const envFile = () => readFileSync(join(projectDir, '.env'), 'utf8');

  it('updates both services together: one .env write with the pull, one up -d, and reports both', async () => {
    const log = memoryLog();
    expect(await target().current([api, frontend], log)).toBeUndefined();
    await target().deploy(release('v1.0.0', [images['api:v1.0.0']!, images['frontend:v1.0.0']!]), log);
    expect(await served(ports.api, 'v1.0.0')).toBe('v1.0.0');
    expect(await served(ports.frontend, 'v1.0.0')).toBe('v1.0.0');

    const next = memoryLog();
    const v110 = [images['api:v1.1.0']!, images['frontend:v1.1.0']!];
    await target().deploy(release('v1.1.0', v110), next);
    expect(next.groups).toEqual([
      // `.env` is written by the pull's remote command: one round trip for both.
      '127.0.0.1: set API_IMAGE, FRONTEND_IMAGE in .env, docker compose pull',
      '127.0.0.1: docker compose up -d',
      `127.0.0.1: record the release in ${projectDir}`,
    ]);
    expect(await served(ports.api, 'v1.1.0')).toBe('v1.1.0');
    expect(await served(ports.frontend, 'v1.1.0')).toBe('v1.1.0');
    expect(envFile()).toBe(
      `# kept by every deploy\nLOG_LEVEL=info\nAPI_IMAGE=${v110[0]!.imageRef}\nFRONTEND_IMAGE=${v110[1]!.imageRef}\n`,
    );
    expect(await target().current([api, frontend], memoryLog())).toEqual({
      version: 'v1.1.0',
      services: running(...v110),
    });
  });

  it('puts BOTH services back on the previous images when the second one fails to start', async () => {
    const before = envFile();
    const log = memoryLog();
    // The api changes too (to another image), so the failed `up` really replaced a healthy container.
    const deploy = target().deploy(release('v1.2.0', [images['api:v1.0.0']!, images['frontend:v1.2.0']!]), log);
    await expect(deploy).rejects.toThrow(RemoteCommandError);
    await expect(deploy).rejects.toThrow(/docker compose up -d" failed.*put api \(.+\), frontend \(.+\) back/);

    expect(log.groups).toContain('127.0.0.1: up -d with the previous images');
    expect(envFile()).toBe(before);
    expect(await served(ports.api, 'v1.1.0')).toBe('v1.1.0');
    expect(await served(ports.frontend, 'v1.1.0')).toBe('v1.1.0');
    const previous = [images['api:v1.1.0']!, images['frontend:v1.1.0']!];
    expect(await target().current([api, frontend], memoryLog())).toEqual({
      version: 'v1.1.0',
      services: running(...previous),
    });
  });

  it('refuses a compose service the compose file does not define, naming it, before anything changes', async () => {
    const before = envFile();
    const log = memoryLog();
    const typo = { ...images['frontend:v1.0.0']!, composeService: 'web-frontend' };
    const deploy = target().deploy(release('v1.0.0', [images['api:v1.0.0']!, typo]), log);
    await expect(deploy).rejects.toThrow(UserError);
    await expect(deploy).rejects.toThrow(
      `${COMPOSE_FILE} defines no service "web-frontend" for service frontend (it defines: api, frontend) ` +
        `(in ${projectDir} on 127.0.0.1); nothing was changed`,
    );
    expect(log.groups).toEqual([]);
    expect(envFile()).toBe(before);
    expect(await served(ports.frontend, 'v1.1.0')).toBe('v1.1.0');
  });

  it('asks compose itself for the services of a file whose keys alone do not decide them (a profile)', async () => {
    writeFileSync(
      join(projectDir, 'profiles.yml'),
      'services:\n  api:\n    image: ${API_IMAGE}\n  debug:\n    image: ${API_IMAGE}\n    profiles: [debug]\n',
    );
    const made = new SshComposeTarget({
      connection: {
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        privateKey: sshd.privateKey,
        knownHosts: sshd.knownHosts,
        skipHostKeyCheck: false,
        connectTimeoutMs: 10_000,
      },
      project: { projectDir, composeFile: 'profiles.yml', composeCommand: 'docker compose' },
      commandTimeoutMs: 120_000,
    });
    targets.push(made);
    const log = memoryLog();
    const typo = { ...api, composeService: 'ap' };
    // The names in the message are compose's own (Compose v1 lists a service with a profile).
    await expect(made.current([typo], log)).rejects.toThrow(
      `profiles.yml defines no service "ap" for service api (it defines: api, debug) (in ${projectDir} on 127.0.0.1); nothing was changed`,
    );
    expect(log.groups).toEqual([]);
    expect(log.lines.filter((line) => line.includes('config --services'))).toEqual([]);
  });

  it("keeps two service sets on one host apart: neither reads the other's state", async () => {
    // The bug of calling the one-service path once per service: both are `app`, told apart by image variable.
    const apiSet: ServiceSlot = { service: 'app', composeService: 'app', imageVariable: 'API_IMAGE' };
    const frontendSet: ServiceSlot = { service: 'app', composeService: 'app', imageVariable: 'FRONTEND_IMAGE' };
    const apiOnly = { ...images['api:v1.0.0']!, ...apiSet };
    await target(['api']).deploy(release('v1.0.0', [apiOnly]), memoryLog());
    expect(await served(ports.api, 'v1.0.0')).toBe('v1.0.0');

    // The frontend set has no record of its own: it reports its .env line, never the api's release.
    const frontendRunning = images['frontend:v1.1.0']!;
    expect(await target(['frontend']).current([frontendSet], memoryLog())).toEqual({
      services: [{ service: 'app', imageRef: frontendRunning.imageRef, digest: frontendRunning.digest }],
    });
    expect(await target(['api']).current([apiSet], memoryLog())).toEqual({
      version: 'v1.0.0',
      services: [{ service: 'app', imageRef: apiOnly.imageRef, digest: apiOnly.digest }],
    });
    // The two-service set's record (v1.1.0) no longer matches what runs for the api: no version claimed.
    expect(await target().current([api, frontend], memoryLog())).toEqual({
      services: running(images['api:v1.0.0']!, frontendRunning),
    });
    expect(existsSync(join(projectDir, '.deploy-kit/releases'))).toBe(true);
    expect(readdirSync(join(projectDir, '.deploy-kit/releases')).sort()).toEqual([
      `${COMPOSE_FILE}--api.API_IMAGE+frontend.FRONTEND_IMAGE.json`,
      `${COMPOSE_FILE}--app.API_IMAGE.json`,
    ]);
    expect(await served(ports.frontend, 'v1.1.0')).toBe('v1.1.0');
  });

  it('puts every service back when the release cannot be recorded on the host after up -d', async () => {
    const before = envFile();
    // A directory where the state file's temporary copy goes: writing the record fails after `up -d` succeeded.
    const blocked = join(
      projectDir,
      `.deploy-kit/releases/${COMPOSE_FILE}--api.API_IMAGE+frontend.FRONTEND_IMAGE.json.tmp`,
    );
    mkdirSync(blocked);
    try {
      const log = memoryLog();
      const deploy = target().deploy(release('v1.0.0', [images['api:v1.0.0']!, images['frontend:v1.0.0']!]), log);
      await expect(deploy).rejects.toThrow(/"record the release in .*" failed.*put api \(.+\), frontend \(.+\) back/);
      expect(envFile()).toBe(before);
      expect(await served(ports.frontend, 'v1.1.0')).toBe('v1.1.0');
      expect(await served(ports.api, 'v1.0.0')).toBe('v1.0.0');
    } finally {
      rmSync(blocked, { recursive: true, force: true });
    }
  });
});

/** What the service on `port` serves once it serves `expected` (bounded), else what it served last. */
async function served(port: number, expected: string): Promise<string | undefined> {
  const deadline = Date.now() + 20_000;
  let last: string | undefined;
  while (Date.now() < deadline) {
    last = await fetchText(`http://127.0.0.1:${port}/`);
    if (last === expected) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return last;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
