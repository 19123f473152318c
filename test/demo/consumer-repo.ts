import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FIXTURE = resolve(import.meta.dirname, 'consumer');
// busybox-static's binary: the image's whole userland, since no base image can be pulled.
const BUSYBOX = '/bin/busybox';

/** What a release commit changes in the application. */
export interface ReleaseChange {
  message: string;
  /** What the app's /api/health reports as status from this commit on. */
  health: 'ok' | 'unhealthy';
}

export interface ConsumerRepo {
  /** The checkout: the workflow's workspace and build context. */
  dir: string;
  /** Writes the files for a release and commits them; returns the full commit sha. */
  commit(change: ReleaseChange): string;
  head(): string;
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
 * The consumer repository (octo-org/hello-world) as a real git checkout in `dir`,
 * from the fixture in test/demo/consumer/. Each release is a real commit, so the
 * sha the workflow sees (GITHUB_SHA, the event's target_commitish) is the sha of
 * the files it builds.
 */
export function createConsumerRepo(dir: string): ConsumerRepo {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  copyFileSync(join(FIXTURE, 'Dockerfile'), join(dir, 'Dockerfile'));
  cpSync(join(FIXTURE, 'www'), join(dir, 'www'), { recursive: true });
  copyFileSync(BUSYBOX, join(dir, 'busybox'));
  const healthFile = join(dir, 'www', 'api', 'health');
  const healthTemplate = readFileSync(healthFile, 'utf8');
  if (!healthTemplate.includes('"status":"ok"')) throw new Error(`${healthFile} no longer holds "status":"ok"`);
  return {
    dir,
    commit(change) {
      writeFileSync(healthFile, healthTemplate.replace('"status":"ok"', `"status":"${change.health}"`));
      git(dir, ['add', '--all']);
      git(dir, ['commit', '--quiet', '--allow-empty', '-m', change.message]);
      return git(dir, ['rev-parse', 'HEAD']);
    },
    head: () => git(dir, ['rev-parse', 'HEAD']),
  };
}
