import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Docker Compose v1 (package docker-compose), which talks to DOCKER_HOST. */
export const COMPOSE_V1 = '/usr/bin/docker-compose';

// Where the docker CLI looks for a real Compose v2 plugin (as on GitHub's runners).
const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

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
  // The CLI first asks a plugin for its metadata, then runs it as `docker-compose compose ARGS`.
  const script = [
    '#!/bin/sh',
    '# docker compose -> Compose v1; written by deploy-kit test/infra/compose-plugin.ts',
    'if [ "$1" = docker-cli-plugin-metadata ]; then',
    `  echo '{"SchemaVersion":"0.1.0","Vendor":"deploy-kit test infra","Version":"1.29.2","ShortDescription":"Docker Compose v1 (Debian docker-compose)"}'`,
    '  exit 0',
    'fi',
    'shift',
    `exec ${COMPOSE_V1} "$@"`,
    '',
  ].join('\n');
  writeFileSync(join(plugins, 'docker-compose'), script, { mode: 0o755 });
  return true;
}
