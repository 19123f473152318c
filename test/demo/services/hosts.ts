import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type Sshd } from '../../infra';

export type EnvironmentName = 'staging' | 'production';
export const SERVICES = ['api', 'frontend'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** One environment of the demo: its own SSH host, with its own compose project and compose file. */
export interface EnvironmentHost {
  name: EnvironmentName;
  sshd: Sshd;
  /** The compose project directory on that host (the config file's `project-dir`). */
  projectDir: string;
  /** `docker-compose.stage.yml` or `docker-compose.prod.yml`, as the app's team keeps them. */
  composeFile: string;
  /** Each service is published on its own loopback port. */
  ports: Record<ServiceName, number>;
  /** Where users reach it: the frontend. */
  url: string;
  healthUrls: Record<ServiceName, string>;
}

const COMPOSE_FILES: Record<EnvironmentName, string> = {
  staging: 'docker-compose.stage.yml',
  production: 'docker-compose.prod.yml',
};

/** What the server runs: each image from the variable deploy-kit pins (`<SERVICE>_IMAGE`), on loopback only. */
function composeFile(ports: Record<ServiceName, number>): string {
  return [
    '# The images come from .env, where deploy-kit pins each one to a digest.',
    'services:',
    ...SERVICES.flatMap((service) => [
      `  ${service}:`,
      `    image: \${${service.toUpperCase()}_IMAGE}`,
      '    ports:',
      `      - "127.0.0.1:${ports[service]}:8080"`,
    ]),
    '',
  ].join('\n');
}

/**
 * Lays out an environment's compose project on its SSH host (the same machine, reached over
 * SSH as the deploy does). The directory carries a random suffix because compose names
 * containers after it and Podman's container store is shared with other runs on this machine.
 */
export async function createEnvironmentHost(
  name: EnvironmentName,
  sshd: Sshd,
  serverRoot: string,
): Promise<EnvironmentHost> {
  const ports = { api: await freePort(), frontend: await freePort() };
  if (ports.api === ports.frontend) throw new Error('the OS gave the api and the frontend the same port');
  const projectDir = join(serverRoot, `hello-world-${name}-${randomBytes(3).toString('hex')}`);
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(join(projectDir, COMPOSE_FILES[name]), composeFile(ports));
  const url = (service: ServiceName) => `http://127.0.0.1:${ports[service]}`;
  return {
    name,
    sshd,
    projectDir,
    composeFile: COMPOSE_FILES[name],
    ports,
    url: url('frontend'),
    healthUrls: { api: `${url('api')}/api/health`, frontend: `${url('frontend')}/api/health` },
  };
}

/** Stops and removes an environment's containers (`docker compose down` on its host). */
export async function composeDown(host: EnvironmentHost): Promise<void> {
  // Placeholder images: a project never deployed has no .env, and compose needs a value to read the file.
  await host.sshd.exec(
    `cd '${host.projectDir}' && API_IMAGE=none FRONTEND_IMAGE=none docker compose -f '${host.composeFile}' down --remove-orphans`,
    { timeoutMs: 60_000 },
  );
}

/** The `environments:` entry of the config file for this host. */
export function environmentConfig(host: EnvironmentHost, on: 'prerelease' | 'release'): string[] {
  return [
    `  ${host.name}:`,
    `    on: ${on}`,
    `    url: ${host.url}`,
    '    health:',
    ...SERVICES.map((service) => `      ${service}: ${host.healthUrls[service]}`),
    '    target:',
    '      kind: ssh-compose',
    `      hosts: [${host.sshd.host}]`,
    `      port: ${host.sshd.port}`,
    `      user: ${host.sshd.user}`,
    `      project-dir: ${host.projectDir}`,
    `      compose-file: ${host.composeFile}`,
    // The host pulls from the loopback registry without a login.
    '      registry-login: false',
  ];
}
