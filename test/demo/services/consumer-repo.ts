import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICES, type ServiceName } from './hosts';

const FIXTURE = resolve(import.meta.dirname, '../consumer');
// busybox-static's binary: the image's whole userland, since no base image can be pulled.
const BUSYBOX = '/bin/busybox';
/** Each service's build context in the repository, as the config file names it. */
export const CONTEXTS: Record<ServiceName, string> = { api: 'api-server', frontend: 'frontend' };

/** What a release commit changes: what each service's /api/health reports as status from this commit on. */
export interface ServicesChange {
  message: string;
  health: Record<ServiceName, 'ok' | 'unhealthy'>;
}

export interface ServicesRepo {
  /** The checkout: the workflow's workspace. */
  dir: string;
  /** Writes the files for a release and commits them; returns the full commit sha. */
  commit(change: ServicesChange): string;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // A fixed identity, and no user or system config: the commit must not depend on the machine.
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Octo Dev',
      GIT_AUTHOR_EMAIL: 'dev@octo-org.example',
      GIT_COMMITTER_NAME: 'Octo Dev',
      GIT_COMMITTER_EMAIL: 'dev@octo-org.example',
    },
  }).trim();
}

/**
 * The consumer repository (octo-org/hello-world) with two services, `api` from `api-server/`
 * and `frontend` from `frontend/` (each the app in test/demo/consumer/), and its
 * `.github/deploy-kit.yml`, as a real git checkout: the sha the workflow sees is the sha of the
 * files it builds.
 */
export function createServicesRepo(dir: string, config: string): ServicesRepo {
  mkdirSync(join(dir, '.github'), { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  writeFileSync(join(dir, '.github', 'deploy-kit.yml'), config);
  const healthFiles = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    const context = join(dir, CONTEXTS[service]);
    mkdirSync(context, { recursive: true });
    copyFileSync(join(FIXTURE, 'Dockerfile'), join(context, 'Dockerfile'));
    cpSync(join(FIXTURE, 'www'), join(context, 'www'), { recursive: true });
    copyFileSync(BUSYBOX, join(context, 'busybox'));
    healthFiles[service] = join(context, 'www', 'api', 'health');
  }
  const template = readFileSync(healthFiles.api, 'utf8');
  if (!template.includes('"status":"ok"')) throw new Error(`${healthFiles.api} no longer holds "status":"ok"`);
  return {
    dir,
    commit(change) {
      for (const service of SERVICES)
        writeFileSync(healthFiles[service], template.replace('"status":"ok"', `"status":"${change.health[service]}"`));
      git(dir, ['add', '--all']);
      git(dir, ['commit', '--quiet', '--allow-empty', '-m', change.message]);
      return git(dir, ['rev-parse', 'HEAD']);
    },
  };
}
