import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EnvironmentName } from './stack/compose-projects';
import type { Stack } from './stack/start-stack';

/** deploy-kit's own checkout: the CLI bundle and the reusable workflow come from here. */
export const TOOLKIT_ROOT = resolve(import.meta.dirname, '../..');
export const RELEASE_WORKFLOW = join(TOOLKIT_ROOT, '.github/workflows/release.yml');
const CLI = join(TOOLKIT_ROOT, 'bin/deploy-kit.js');
const RUN_TIMEOUT_MS = 10 * 60_000;

export interface ReleaseRunRequest {
  stack: Stack;
  /** The consumer checkout at the release's commit: the run's working directory (GITHUB_WORKSPACE). */
  workspace: string;
  eventFile: string;
  tag: string;
  sha: string;
  /** Where the caller sends this release, as its `with:` would decide from the event (see secretsFor). */
  environment: EnvironmentName;
  /** Where the run's log goes. */
  logFile: string;
  secretsFile: string;
  /** Aborting kills the run (the demo's Ctrl-C). */
  signal?: AbortSignal;
}

export interface ReleaseRunResult {
  exitCode: number;
  logFile: string;
  /** The workflow's outputs, from the runner's last report line (result, image-ref, ...). */
  outputs: Record<string, string>;
}

/** The secrets a consumer keeps in the repository's settings, here from the local stack. */
export function writeSecrets(stack: Stack, file: string, githubToken: string): void {
  const secrets = {
    GITHUB_TOKEN: githubToken,
    'ssh-key': stack.sshd.privateKey,
    'ssh-known-hosts': stack.sshd.knownHosts,
    'webhook-url': stack.receiver.webhookUrl,
    'webhook-secret': stack.receiver.webhookSecret,
    'slack-webhook-url': stack.receiver.slackUrl,
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

/**
 * The `with:` a consumer's caller workflow passes. Staging and production are two
 * compose projects, so project-dir depends on the environment, as a caller's
 * `project-dir: ${{ github.event.release.prerelease && '/srv/staging' || '/srv/production' }}`
 * would choose it.
 */
export function releaseInputs(request: ReleaseRunRequest): Record<string, string> {
  const { stack, tag, sha, environment } = request;
  const { staging, production } = stack.environments;
  return {
    image: stack.image,
    context: '.',
    // What the app reports in /api/health (see test/demo/consumer/Dockerfile).
    'build-args': `VERSION=${tag}\nREVISION=${sha}`,
    // The app reports the version it was built for: hold fresh builds to it.
    'health-expect-version': 'true',
    'staging-url': staging.healthUrl,
    'production-url': production.healthUrl,
    'staging-environment-url': staging.url,
    'production-environment-url': production.url,
    // The app answers 200 even when unhealthy: its JSON says so.
    'health-json': 'status == "ok"',
    // Short, so the broken release is judged in seconds rather than the 5 minute default.
    'health-deadline': '20s',
    target: 'ssh-compose',
    'ssh-host': stack.sshd.host,
    'ssh-port': String(stack.sshd.port),
    'ssh-user': stack.sshd.user,
    'project-dir': stack.environments[environment].projectDir,
  };
}

export function parseOutputs(log: string): Record<string, string> {
  const line = log
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('Outputs: '));
  const outputs: Record<string, string> = {};
  for (const pair of line?.slice('Outputs: '.length).split(', ') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0) outputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return outputs;
}

/**
 * Runs `.github/workflows/release.yml` for one release the way a maintainer tries
 * it locally: `deploy-kit workflow` (the committed CLI bundle) in the consumer
 * checkout, with the event payload, inputs, a secrets file and the fake API's URL.
 * The engine's variables (DOCKER_HOST, ...) are the machine's, as on a runner.
 */
export async function runRelease(request: ReleaseRunRequest): Promise<ReleaseRunResult> {
  const args = [CLI, 'workflow', RELEASE_WORKFLOW, '--event', request.eventFile, '--secrets', request.secretsFile];
  for (const [name, value] of Object.entries(releaseInputs(request))) args.push('--input', `${name}=${value}`);
  args.push('--env', `GITHUB_API_URL=${request.stack.github.url}`, '--env', `GITHUB_SHA=${request.sha}`);
  const env = { ...process.env, ...request.stack.podman.env };
  delete env.GITHUB_TOKEN;
  const exitCode = await spawnToFile(process.execPath, args, {
    cwd: request.workspace,
    env,
    logFile: request.logFile,
    signal: request.signal,
  });
  return { exitCode, logFile: request.logFile, outputs: parseOutputs(readFileSync(request.logFile, 'utf8')) };
}

export function spawnToFile(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; signal?: AbortSignal },
): Promise<number> {
  const log = openSync(options.logFile, 'w');
  return new Promise<number>((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', log, log],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      // An abort is reported by close (with the signal); only a failure to start is an error.
      if (error.name !== 'AbortError') fail(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done(code ?? (signal ? 128 : 1));
    });
  }).finally(() => closeSync(log));
}
