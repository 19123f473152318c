import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { startSshd, type Sshd } from './sshd';

/**
 * A server as a team keeps one for a several-service app: its own sshd (own host key, own
 * client key) whose sessions reach the test engine, and a compose project in a named compose
 * file, each service from `${<SERVICE>_IMAGE}` (deploy-kit's default image variable) published
 * on its own loopback port. Tests with a staging and a production host start two.
 */
export interface ComposeHost {
  sshd: Sshd;
  projectDir: string;
  composeFile: string;
  /** Each service's loopback port (the container listens on 8080). */
  ports: Record<string, number>;
  /** `http://127.0.0.1:PORT/api/health` per service, where the test apps answer. */
  healthUrls: Record<string, string>;
  /** The config file's `target:` body for this host (ssh-compose), each line indented by `indent`. */
  targetConfig(indent: string): string[];
  /** `docker compose down` on the host, then the sshd stopped and the project removed. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ComposeHostOptions {
  /** Set in every remote session, e.g. `startPodman().env`, so `docker compose` on the host reaches the engine. */
  env: Record<string, string | undefined>;
  services: readonly string[];
  /** e.g. `docker-compose.prod.yml`. */
  composeFile: string;
  /** Where the project directory goes; default: a fresh temp directory. */
  root?: string;
  /** The project directory's name, before a random suffix (compose names containers after it). */
  name?: string;
}

const imageVariable = (service: string) => `${service.toUpperCase().replace(/-/g, '_')}_IMAGE`;

export async function startComposeHost(options: ComposeHostOptions): Promise<ComposeHost> {
  const ports: Record<string, number> = {};
  for (const service of options.services) {
    let port = await freePort();
    while (Object.values(ports).includes(port)) port = await freePort();
    ports[service] = port;
  }
  const name = `${options.name ?? 'deploy-kit-compose-host'}-${randomBytes(3).toString('hex')}`;
  const projectDir = options.root ? join(options.root, name) : mkdtempSync(join(tmpdir(), `${name}-`));
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(
    join(projectDir, options.composeFile),
    [
      '# The images come from .env, where deploy-kit pins each one to a digest.',
      'services:',
      ...options.services.flatMap((service) => [
        `  ${service}:`,
        `    image: \${${imageVariable(service)}}`,
        '    ports:',
        `      - "127.0.0.1:${ports[service]}:8080"`,
      ]),
      '',
    ].join('\n'),
  );
  const sshd = await startSshd({ env: options.env }).catch((error: unknown) => {
    rmSync(projectDir, { recursive: true, force: true });
    throw error;
  });
  const healthUrls = Object.fromEntries(
    options.services.map((service) => [service, `http://127.0.0.1:${ports[service]}/api/health`]),
  );
  let stopped: Promise<void> | undefined;
  return {
    sshd,
    projectDir,
    composeFile: options.composeFile,
    ports,
    healthUrls,
    targetConfig: (indent) =>
      [
        'kind: ssh-compose',
        `hosts: [${sshd.host}]`,
        `port: ${sshd.port}`,
        `user: ${sshd.user}`,
        `project-dir: ${projectDir}`,
        `compose-file: ${options.composeFile}`,
        // The host pulls from the loopback registry without a login.
        'registry-login: false',
      ].map((line) => `${indent}${line}`),
    stop: () =>
      (stopped ??= (async () => {
        // Placeholder images: a project never deployed has no .env, and compose needs a value to read the file.
        const placeholders = options.services.map((service) => `${imageVariable(service)}=none`).join(' ');
        try {
          await sshd.exec(
            `cd '${projectDir}' && ${placeholders} docker compose -f '${options.composeFile}' down --remove-orphans`,
            { timeoutMs: 60_000 },
          );
        } finally {
          await sshd.stop();
          rmSync(projectDir, { recursive: true, force: true });
        }
      })()),
  };
}
