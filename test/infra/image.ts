import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand } from './commands';

export interface BuildAppImageOptions {
  /** The docker CLI environment, e.g. `startPodman().env`. */
  env: NodeJS.ProcessEnv;
  /** Full image reference to tag, e.g. `${registry.host}/octo-org/app:v1.0.0`. */
  ref: string;
  /** Served by `GET /` and in `GET /api/health`'s JSON. */
  version: string;
  /** What `/api/health` reports as `status`; default 'ok'. */
  health?: 'ok' | 'unhealthy';
  /** Also `docker push` the reference (to a loopback registry). */
  push?: boolean;
}

const fixture = resolve(import.meta.dirname, '../fixtures/app-image/Dockerfile');
// busybox-static's binary: it runs in a FROM-scratch image with no libc.
const busybox = '/bin/busybox';
const BUILD_TIMEOUT_MS = 180_000;
const PUSH_TIMEOUT_MS = 120_000;

/**
 * Builds the busybox httpd test app (listening on 8080) with the real docker CLI,
 * `DOCKER_BUILDKIT=0` against the Podman socket, and pushes it when asked.
 */
export async function buildAppImage(options: BuildAppImageOptions): Promise<void> {
  // The version is written into JSON by printf; keep it to characters that need no escaping.
  if (!/^[\w.+-]+$/.test(options.version)) {
    throw new Error(`buildAppImage: version must match [A-Za-z0-9_.+-]+, got ${JSON.stringify(options.version)}`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_BUILDKIT: '0', ...options.env };
  const context = mkdtempSync(join(tmpdir(), 'deploy-kit-app-image-'));
  try {
    copyFileSync(fixture, join(context, 'Dockerfile'));
    copyFileSync(busybox, join(context, 'busybox'));
    const args = ['build', '--quiet', '--build-arg', `VERSION=${options.version}`];
    args.push('--build-arg', `HEALTH=${options.health ?? 'ok'}`, '--tag', options.ref, context);
    await runCommand('docker', args, { env, timeoutMs: BUILD_TIMEOUT_MS });
    if (options.push) {
      await runCommand('docker', ['push', options.ref], { env, timeoutMs: PUSH_TIMEOUT_MS });
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
