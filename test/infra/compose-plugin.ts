import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Debian's Docker Compose v1 (package docker-compose), which talks to DOCKER_HOST. */
export const COMPOSE_V1 = '/usr/bin/docker-compose';

// Where the docker CLI looks for a real Compose v2 plugin (as on GitHub's runners).
const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

// Compose v1 behind `docker compose`, with a `pull` that fails when the pull fails.
const PLUGIN = resolve(import.meta.dirname, 'compose-plugin/docker-compose');

/**
 * The docker CLI here has no compose plugin, so `docker compose ...` (what users run on
 * their servers, and the deploy target's default) would fail. This puts a CLI plugin into
 * the given DOCKER_CONFIG that hands `docker compose <args>` to Compose v1, so the real
 * compose engine runs against the same Podman socket. It is only added when the machine
 * has no Compose v2 plugin of its own, so a real one is never shadowed.
 *
 * Returns whether the plugin was added.
 */
export function installComposePlugin(dockerConfigDir: string): boolean {
  if (SYSTEM_PLUGIN_DIRS.some((dir) => existsSync(join(dir, 'docker-compose')))) return false;
  if (!existsSync(COMPOSE_V1)) return false;
  const plugins = join(dockerConfigDir, 'cli-plugins');
  mkdirSync(plugins, { recursive: true });
  copyFileSync(PLUGIN, join(plugins, 'docker-compose'));
  // The docker CLI only runs plugins that are executable (git may not keep the bit).
  chmodSync(join(plugins, 'docker-compose'), 0o755);
  return true;
}
