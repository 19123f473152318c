import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './commands';
import { installComposePlugin } from './compose-plugin';
import { BUILT_BY_LABEL } from './image';
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
  /** Kills the service and deletes its socket and docker config. Call it in afterAll. */
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
 * Removes the app images built through this service (and copies pulled back from a
 * registry, which carry the same label), with any container still running them, so the
 * shared storage does not grow with every test run. Best effort: a failure here must not
 * hide the test's own result.
 */
async function removeBuiltImages(dockerHost: string): Promise<void> {
  try {
    const filter = `label=${BUILT_BY_LABEL}=${dockerHost}`;
    const { stdout } = await runCommand('podman', ['images', '--quiet', '--filter', filter], { timeoutMs: 30_000 });
    const ids = [...new Set(stdout.split('\n').filter(Boolean))];
    if (ids.length) await runCommand('podman', ['rmi', '--force', ...ids], { timeoutMs: 60_000 });
  } catch (error) {
    console.warn(
      `startPodman: could not remove test images: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Starts `podman system service` on a socket in its own temp dir, and waits until it
 * answers the Docker API. Containers and images live in the host's shared Podman
 * storage: remove the containers you start (e.g. `docker rm -f`, compose down); stop()
 * removes the app images built through it (and containers still running them).
 */
export async function startPodman(): Promise<Podman> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-podman-'));
  const socketPath = join(dir, 'podman.sock');
  const dockerConfig = join(dir, 'docker-config');
  mkdirSync(dockerConfig);
  installComposePlugin(dockerConfig);
  const service = startProcess('podman', ['system', 'service', '--time=0', `unix://${socketPath}`], {
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
    async stop() {
      await service.stop(10_000);
      await removeBuiltImages(dockerHost);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
