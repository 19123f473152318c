import { createServer } from 'node:net';

/**
 * The ports startRegistry picks from. Podman only speaks plain HTTP to registries that
 * registries.conf marks insecure, and that file has no port wildcard, so setup-host.sh
 * lists exactly this range (keep the two in step).
 */
export const REGISTRY_PORTS = { first: 15000, last: 15099 } as const;

/** Whether 127.0.0.1:port can be bound right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that the OS reports free (it may be taken again before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('the OS gave no port'))));
    });
  });
}

/**
 * A currently free port in REGISTRY_PORTS, tried in random order so that jest workers
 * starting registries at the same moment rarely race for the same one. The caller still
 * has to cope with losing a race (startRegistry retries on another port).
 */
export async function freeRegistryPort(exclude: ReadonlySet<number> = new Set()): Promise<number> {
  const candidates: number[] = [];
  for (let port = REGISTRY_PORTS.first; port <= REGISTRY_PORTS.last; port++) {
    if (!exclude.has(port)) candidates.push(port);
  }
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] as number, candidates[i] as number];
  }
  for (const port of candidates) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(
    `no free registry port in 127.0.0.1:${REGISTRY_PORTS.first}-${REGISTRY_PORTS.last}: stop registries left running`,
  );
}
