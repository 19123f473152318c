import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeRegistryPort } from './ports';
import { startProcess, waitUntil, type ServerProcess } from './processes';

export interface Registry {
  /** `127.0.0.1:PORT`, ready for image references (`${host}/org/app:tag`). */
  host: string;
  /**
   * `localhost:PORT`, the same registry. Use it in image references whenever the code
   * under test runs `docker login`: Podman's login endpoint only speaks plain HTTP to
   * `localhost:` registries and refuses `127.0.0.1:PORT` (HTTPS only).
   */
  localhost: string;
  /** Kills the registry and deletes its storage. Call it in afterAll. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const PORT_ATTEMPTS = 5;
// Every answer carries this header, so readiness is checked against *this* registry
// and not one another jest worker started a moment earlier on the same port.
const IDENTITY_HEADER = 'X-Deploy-Kit-Registry';

function registryConfig(root: string, port: number, identity: string): string {
  // The CNCF distribution registry (Debian's docker-registry 2.8) reads YAML; JSON is YAML.
  return JSON.stringify({
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: root },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${port}`, headers: { [IDENTITY_HEADER]: [identity] } },
  });
}

/**
 * Starts a real CNCF distribution registry on 127.0.0.1 (plain HTTP, delete enabled) in
 * its own temp dir, and waits until it answers `GET /v2/`.
 */
export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-registry-'));
  const tried = new Set<number>();
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freeRegistryPort(tried);
      tried.add(port);
      const server = await tryStart(dir, port);
      if (server) {
        return {
          host: `127.0.0.1:${port}`,
          localhost: `localhost:${port}`,
          async stop() {
            await server.stop();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      if (attempt >= PORT_ATTEMPTS) {
        throw new Error(`registry: every port tried was taken by another process: ${[...tried].join(', ')}`);
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The started registry, or undefined when another process won the port first. */
async function tryStart(dir: string, port: number): Promise<ServerProcess | undefined> {
  const storage = join(dir, `storage-${port}`);
  mkdirSync(storage);
  const identity = randomUUID();
  const config = join(dir, `config-${port}.yml`);
  writeFileSync(config, registryConfig(storage, port, identity));
  const server = startProcess('docker-registry', ['serve', config], { logFile: join(dir, `registry-${port}.log`) });
  try {
    await waitUntil(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        return response.status === 200 && response.headers.get(IDENTITY_HEADER) === identity;
      },
      { what: `the registry on 127.0.0.1:${port} to answer /v2/`, timeoutMs: READY_TIMEOUT_MS, process: server },
    );
    return server;
  } catch (error) {
    await server.stop();
    if (server.logTail().includes('address already in use')) return undefined;
    throw error;
  }
}
