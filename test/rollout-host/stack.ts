import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColourHostOptions, DeployRequest } from '@deploy-kit/targets';
import { buildAppImage, startPodman, startRegistry, startSshd, type Podman, type Registry, type Sshd } from '../infra';
import { startHostNginx, type HostNginx } from './host-nginx';

/**
 * One ssh-compose host behind the host's own nginx, for the blue-green and canary tests: a
 * registry, Podman, an sshd whose sessions find the test's nginx as `nginx` on their PATH,
 * and a compose project whose `api` publishes its port on loopback without a fixed host port.
 */
export interface HostStack {
  registry: Registry;
  podman: Podman;
  sshd: Sshd;
  nginx: HostNginx;
  projectDir: string;
  /** `<registry>/octo-org/api:<tag>` */
  image(tag: string): string;
  /** Builds and pushes the app image for a tag (serving the tag as its version), and records its digest. */
  push(tag: string): Promise<void>;
  /** Records the registry's digest of a tag pushed otherwise (what a deploy pins). */
  recordDigest(tag: string): Promise<void>;
  request(tag: string): DeployRequest;
  /** The options every target on this host shares. */
  hostOptions(): ColourHostOptions;
  /** The compose project of a colour. */
  colourProject(colour: string): string;
  served(): Promise<string>;
  stop(): Promise<void>;
}

export async function startHostStack(): Promise<HostStack> {
  const [registry, podman, nginx] = await Promise.all([startRegistry(), startPodman(), startHostNginx('api')]);
  const sshd = await startSshd({
    env: { ...podman.env, PATH: `${nginx.binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
  });
  const projectDir = mkdtempSync(join(tmpdir(), 'deploy-kit-rollout-shop-'));
  writeFileSync(
    join(projectDir, 'compose.yml'),
    'services:\n  api:\n    image: ${API_IMAGE}\n    ports: ["127.0.0.1::8080"]\n',
  );
  const digests: Record<string, string> = {};
  const image = (tag: string) => `${registry.localhost}/octo-org/api:${tag}`;
  const colourProject = (colour: string) =>
    `${projectDir
      .split('/')
      .pop()!
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')}-${colour}`;
  async function recordDigest(tag: string): Promise<void> {
    const head = await fetch(`http://${registry.host}/v2/octo-org/api/manifests/${tag}`, {
      method: 'HEAD',
      headers: {
        accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
      },
    });
    digests[tag] = head.headers.get('docker-content-digest') ?? '';
    if (!/^sha256:[0-9a-f]{64}$/.test(digests[tag]!)) throw new Error(`no digest for ${tag} in the registry`);
  }
  return {
    registry,
    podman,
    sshd,
    nginx,
    projectDir,
    colourProject,
    image,
    async push(tag) {
      await buildAppImage({ env: podman.env, ref: image(tag), version: tag, push: true });
      await recordDigest(tag);
    },
    recordDigest,
    request(tag) {
      const digest = digests[tag]!;
      return {
        version: tag,
        environment: 'production',
        services: [
          {
            service: 'api',
            composeService: 'api',
            imageVariable: 'API_IMAGE',
            image: image(tag),
            digest,
            imageRef: `${registry.localhost}/octo-org/api@${digest}`,
          },
        ],
      };
    },
    hostOptions() {
      return {
        connection: {
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          privateKey: sshd.privateKey,
          knownHosts: sshd.knownHosts,
          skipHostKeyCheck: false,
          connectTimeoutMs: 20_000,
        },
        project: { projectDir, composeCommand: 'docker compose' },
        proxy: { kind: 'nginx', runs: { kind: 'host' }, upstream: 'api', configFile: nginx.configFile },
        commandTimeoutMs: 180_000,
        healthPath: '/api/health',
        healthTimeoutMs: 60_000,
      };
    },
    async served() {
      const answer = await fetch(`http://127.0.0.1:${nginx.port}/`, { signal: AbortSignal.timeout(10_000) });
      return `${answer.status} ${(await answer.text()).trim()}`;
    },
    async stop() {
      // podman.stop() removes every container still running in its own storage.
      await sshd.stop();
      await Promise.all([nginx.stop(), registry.stop(), podman.stop()]);
      rmSync(projectDir, { recursive: true, force: true });
    },
  };
}
