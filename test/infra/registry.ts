import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './commands';
import { freeRegistryPort } from './ports';
import { startProcess, waitUntil, type ServerProcess } from './processes';

export interface RegistryOptions {
  /**
   * Require these credentials (HTTP Basic via an htpasswd file, as `docker login` and
   * the Bearer-less registries do). Without it, the registry is open to anyone.
   */
  auth?: { username: string; password: string };
}

export interface Registry {
  /** `127.0.0.1:PORT`, ready for image references (`${host}/org/app:tag`). */
  host: string;
  /**
   * `localhost:PORT`, the same registry. Use it in image references whenever the code
   * under test runs `docker login`: Podman's login endpoint only speaks plain HTTP to
   * `localhost:` registries and refuses `127.0.0.1:PORT` (HTTPS only).
   */
  localhost: string;
  /** Its log, access log included (one line per request), e.g. to count blob requests. */
  logFile: string;
  /** Kills the registry and deletes its storage. Call it in afterAll. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const PORT_ATTEMPTS = 5;
// Every answer carries this header, so readiness is checked against *this* registry
// and not one another jest worker started a moment earlier on the same port.
const IDENTITY_HEADER = 'X-Deploy-Kit-Registry';

// bcrypt cost 4 (the minimum): the registry checks the hash on every request.
const HTPASSWD_SCRIPT =
  'import crypt, sys; user, password = sys.stdin.read().split("\\n", 1); ' +
  'print(user + ":" + crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))';

/** An htpasswd line; the registry only accepts bcrypt, which Python's crypt (libxcrypt) makes. */
async function htpasswdLine(username: string, password: string): Promise<string> {
  if (!/^[^:\n]+$/.test(username) || password.includes('\n')) {
    throw new Error('startRegistry: auth username must not contain ":" or a newline, nor the password a newline');
  }
  const { stdout } = await runCommand('python3', ['-W', 'ignore', '-c', HTPASSWD_SCRIPT], {
    input: `${username}\n${password}`,
    timeoutMs: 60_000, // a bound, not a speed: python3 took over 10 s to exit on a loaded machine
  });
  return stdout.trim();
}

function registryConfig(root: string, port: number, identity: string, htpasswd?: string): string {
  // The CNCF distribution registry (Debian's docker-registry 2.8) reads YAML; JSON is YAML.
  return JSON.stringify({
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: false } },
    storage: {
      filesystem: { rootdirectory: root },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${port}`, headers: { [IDENTITY_HEADER]: [identity] } },
    ...(htpasswd ? { auth: { htpasswd: { realm: 'deploy-kit-test', path: htpasswd } } } : {}),
  });
}

/**
 * Starts a real CNCF distribution registry on 127.0.0.1 (plain HTTP, delete enabled) in
 * its own temp dir, and waits until it answers `GET /v2/`.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-registry-'));
  const tried = new Set<number>();
  try {
    let htpasswd: string | undefined;
    if (options.auth) {
      htpasswd = join(dir, 'htpasswd');
      writeFileSync(htpasswd, `${await htpasswdLine(options.auth.username, options.auth.password)}\n`);
    }
    for (let attempt = 1; ; attempt++) {
      const port = await freeRegistryPort(tried);
      tried.add(port);
      const server = await tryStart(dir, port, htpasswd);
      if (server) {
        return {
          host: `127.0.0.1:${port}`,
          localhost: `localhost:${port}`,
          logFile: server.logFile,
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
async function tryStart(dir: string, port: number, htpasswd?: string): Promise<ServerProcess | undefined> {
  const storage = join(dir, `storage-${port}`);
  mkdirSync(storage);
  const identity = randomUUID();
  const config = join(dir, `config-${port}.yml`);
  writeFileSync(config, registryConfig(storage, port, identity, htpasswd));
  const server = startProcess('docker-registry', ['serve', config], {
    logFile: join(dir, `registry-${port}.log`),
    tempDir: dir,
  });
  try {
    await waitUntil(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        // With auth, an anonymous /v2/ is answered 401 with a Basic challenge: also ready.
        const expected = htpasswd ? 401 : 200;
        return response.status === expected && response.headers.get(IDENTITY_HEADER) === identity;
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
