import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './commands';
import { installComposePlugin } from './compose-plugin';
import { startProcess, waitUntil } from './processes';

export interface Podman {
  /** `unix:///tmp/.../podman.sock`: the Docker Engine API served by Podman. */
  dockerHost: string;
  /**
   * Only the variables the docker CLI needs: DOCKER_HOST, DOCKER_BUILDKIT=0 (no buildx
   * plugin here) and DOCKER_CONFIG (a temp dir, so `docker login` never touches
   * ~/.docker; it also holds the `docker compose` plugin, see compose-plugin.ts). Merge it: `{ ...process.env, ...podman.env }` to spawn docker yourself,
   * or pass it as-is to runBundledAction's `env`.
   */
  env: NodeJS.ProcessEnv;
  /**
   * Global options that point the `podman` CLI at this instance's own storage:
   * `runCommand('podman', [...podman.storageArgs, 'ps', '-a'])`. The plain `podman`
   * CLI sees the host's default storage, not what was built or run through this service.
   */
  storageArgs: readonly string[];
  /**
   * Kills the service, removes every container still running in its storage, and deletes
   * the storage with every image built or pulled through it, the socket and the docker
   * config. Call it in afterAll.
   */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/** GET /_ping on the socket: the Docker API's own liveness call, answered "OK". */
function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 2000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(response.statusCode === 200 && body.trim() === 'OK'));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 2 s')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Stops and removes every container of this instance's storage, so no container process
 * outlives the test and the storage can be deleted. Best effort: a failure here must not
 * hide the test's own result.
 */
async function removeContainers(storageArgs: readonly string[]): Promise<void> {
  try {
    await runCommand('podman', [...storageArgs, 'rm', '--all', '--force', '--time', '0'], { timeoutMs: 60_000 });
  } catch (error) {
    console.warn(`startPodman: could not remove containers: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Starts `podman system service` on a socket in its own temp dir, and waits until it
 * answers the Docker API. Each instance has storage of its own (`--root`, `--runroot`
 * in that dir): images and containers of one test suite are invisible to another, so one
 * suite's clean-up can never remove an image while another lists or uses it (it did:
 * `podman images` failed with "image not known"), and stop() deletes them all at once.
 */
export async function startPodman(): Promise<Podman> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-podman-'));
  const socketPath = join(dir, 'podman.sock');
  const dockerConfig = join(dir, 'docker-config');
  mkdirSync(dockerConfig);
  installComposePlugin(dockerConfig);
  const storageArgs = ['--root', join(dir, 'storage'), '--runroot', join(dir, 'run')] as const;
  const service = startProcess('podman', [...storageArgs, 'system', 'service', '--time=0', `unix://${socketPath}`], {
    logFile: join(dir, 'podman.log'),
    tempDir: dir,
  });
  try {
    await waitUntil(() => ping(socketPath), {
      what: `the Podman service to answer on ${socketPath}`,
      timeoutMs: READY_TIMEOUT_MS,
      process: service,
    });
  } catch (error) {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const dockerHost = `unix://${socketPath}`;
  return {
    dockerHost,
    env: { DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0', DOCKER_CONFIG: dockerConfig },
    storageArgs,
    async stop() {
      await service.stop(10_000);
      await removeContainers(storageArgs);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
