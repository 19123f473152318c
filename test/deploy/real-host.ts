import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { RegistryClient } from '@deploy-kit/registry';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
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
import { createComposeProject } from '../targets/compose-project';
import { everythingPrinted, type BundledActionRun } from '../support/run-bundled-action';

export interface AppImage {
  version: string;
  /** By tag, as a user names it. */
  image: string;
  digest: string;
}

/**
 * Everything a deploy touches, for real: a registry holding the app image
 * versions, Podman behind the docker CLI, an SSH server (host key checked)
 * whose sessions reach that Podman, a compose project on it, and the local
 * GitHub API. stop() tears it all down; call it in afterAll.
 */
export interface RealHost {
  api: FakeGitHub;
  podman: Podman;
  registry: Registry;
  sshd: Sshd;
  projectDir: string;
  appPort: number;
  images: Record<string, AppImage>;
  token: string;
  /** Inputs selecting the ssh-compose target on this host. */
  sshInputs(): Record<string, string>;
  /** Environment for runBundledAction: the GitHub API URL. */
  env(): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface RealHostOptions {
  images: { version: string; health?: 'ok' | 'unhealthy' }[];
}

export async function startRealHost(options: RealHostOptions): Promise<RealHost> {
  const [podman, registry, api] = await Promise.all([startPodman(), startRegistry(), startFakeGitHub()]);
  const sshd = await startSshd({ env: stringEnv(podman.env) });
  const appPort = await freePort();
  const projectDir = createComposeProject(appPort);
  const client = new RegistryClient({ timeoutMs: 10_000 });
  const images: Record<string, AppImage> = {};
  for (const { version, health } of options.images) {
    // localhost:PORT, not 127.0.0.1:PORT: Podman's login endpoint speaks plain HTTP only to localhost.
    const image = `${registry.localhost}/acme/shop:${version}`;
    await buildAppImage({
      env: { ...process.env, ...podman.env },
      ref: image,
      version,
      health: health ?? 'ok',
      push: true,
    });
    const resolved = await client.resolve(image);
    if (!resolved) throw new Error(`pushed ${image} but the registry does not know it`);
    images[version] = { version, image, digest: resolved.digest };
  }
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  return {
    api,
    podman,
    registry,
    sshd,
    projectDir,
    appPort,
    images,
    token,
    sshInputs: () => ({
      target: 'ssh-compose',
      'ssh-host': sshd.host,
      'ssh-port': String(sshd.port),
      'ssh-user': sshd.user,
      'ssh-key': sshd.privateKey,
      'ssh-known-hosts': sshd.knownHosts,
      'project-dir': projectDir,
      'github-token': token,
      'registry-username': 'ci',
    }),
    env: () => ({ GITHUB_API_URL: api.url }),
    async stop() {
      await runCommand('docker', ['compose', 'down', '--timeout', '1'], {
        cwd: projectDir,
        env: { ...process.env, ...podman.env, IMAGE: 'unused', APP_PORT: String(appPort) },
        timeoutMs: 60_000,
      }).catch(() => undefined);
      await sshd.stop();
      await Promise.all([podman.stop(), registry.stop(), api.stop()]);
      rmSync(projectDir, { recursive: true, force: true });
    },
  };
}

/** Health-check inputs that pass only for `version` answering `status: ok`. */
export function healthInputs(host: RealHost, version: string): Record<string, string> {
  return {
    'health-url': `http://127.0.0.1:${host.appPort}/api/health`,
    json: 'status == "ok"',
    'expect-version': version,
    interval: '300ms',
    backoff: 'constant',
    'max-attempts': '15',
    deadline: '30s',
  };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * What a user could see of a run: log, summary and outputs, minus the
 * `::add-mask::` commands, which the runner consumes (they are how it learns
 * what to mask) and never shows.
 */
export function visibleOutput(run: BundledActionRun): string {
  return everythingPrinted(run)
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}
