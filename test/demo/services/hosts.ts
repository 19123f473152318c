import { startComposeHost, type ComposeHost } from '../../infra/compose-hosts';
import type { Sshd } from '../../infra';

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
  /** The config file's `target:` body for this host. */
  targetConfig: ComposeHost['targetConfig'];
  /** Its compose project down, its sshd stopped. */
  stop(): Promise<void>;
}

const COMPOSE_FILES: Record<EnvironmentName, string> = {
  staging: 'docker-compose.stage.yml',
  production: 'docker-compose.prod.yml',
};

/**
 * An environment's own SSH host (test/infra's compose host: own sshd and keys, the compose
 * project with both services), its project under the demo's server directory.
 */
export async function createEnvironmentHost(
  name: EnvironmentName,
  env: Record<string, string | undefined>,
  serverRoot: string,
): Promise<EnvironmentHost> {
  const host = await startComposeHost({
    env,
    services: SERVICES,
    composeFile: COMPOSE_FILES[name],
    root: serverRoot,
    name: `hello-world-${name}`,
  });
  const port = (service: ServiceName) => host.ports[service] ?? 0;
  const healthUrl = (service: ServiceName) => host.healthUrls[service] ?? '';
  return {
    name,
    sshd: host.sshd,
    projectDir: host.projectDir,
    composeFile: host.composeFile,
    ports: { api: port('api'), frontend: port('frontend') },
    url: `http://127.0.0.1:${port('frontend')}`,
    healthUrls: { api: healthUrl('api'), frontend: healthUrl('frontend') },
    targetConfig: host.targetConfig,
    stop: host.stop,
  };
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
    ...host.targetConfig('      '),
  ];
}
