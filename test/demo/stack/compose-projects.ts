import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type Sshd } from '../../infra';

export type EnvironmentName = 'staging' | 'production';

/** One environment of the demo: a compose project on the SSH host, published on a loopback port. */
export interface ComposeEnvironment {
  name: EnvironmentName;
  /** The project directory on the SSH host (the deploy action's project-dir). */
  projectDir: string;
  /** Where the app answers: http://127.0.0.1:PORT. */
  port: number;
  url: string;
  healthUrl: string;
}

// The variable deploy's ssh-compose target sets (its image-variable default).
const COMPOSE_FILE = (port: number) =>
  [
    '# What the server runs: the image deploy-kit sets in .env, published on loopback only.',
    'services:',
    '  web:',
    '    image: ${IMAGE}',
    '    ports:',
    `      - "127.0.0.1:${port}:8080"`,
    '',
  ].join('\n');

/**
 * Lays out the compose projects on the SSH host (the same machine, reached over SSH by
 * the deploy action), one per environment. Directory names carry a random suffix because
 * compose names containers after the directory and Podman's container store is shared
 * with other test runs on this machine.
 */
export async function createComposeEnvironments(
  serverRoot: string,
): Promise<Record<EnvironmentName, ComposeEnvironment>> {
  const suffix = randomBytes(3).toString('hex');
  const make = async (name: EnvironmentName): Promise<ComposeEnvironment> => {
    const port = await freePort();
    const projectDir = join(serverRoot, `hello-world-${name}-${suffix}`);
    mkdirSync(projectDir, { recursive: true });
    writeFileSync(join(projectDir, 'compose.yml'), COMPOSE_FILE(port));
    const url = `http://127.0.0.1:${port}`;
    return { name, projectDir, port, url, healthUrl: `${url}/api/health` };
  };
  const staging = await make('staging');
  const production = await make('production');
  if (staging.port === production.port) throw new Error('the OS gave staging and production the same port');
  return { staging, production };
}

/** Stops and removes an environment's containers (what `docker compose down` does on the server). */
export async function composeDown(sshd: Sshd, environment: ComposeEnvironment): Promise<void> {
  await sshd.exec(`cd '${environment.projectDir}' && docker compose down --remove-orphans`, { timeoutMs: 60_000 });
}
