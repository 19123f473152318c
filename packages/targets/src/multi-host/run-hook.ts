import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lineSplitter, UserError } from '@deploy-kit/action-kit';
import { deployEnvironment } from '../command/command-target';
import { scriptEnvironment } from '../command/script-environment';
import type { DeployRequest, TargetLog } from '../types';

export interface HookRun {
  /** `before` or `after`, for the log and the error. */
  which: 'before' | 'after';
  script: string;
  /** The host it runs for, as DEPLOY_HOST. */
  host: string;
  request: DeployRequest;
  timeoutMs: number;
  /** The step's environment (the user's `env:`); withheld variables are removed as for a command target. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Runs a rolling rollout's hook on the runner (e.g. take the host out of an external load
 * balancer), with bash -eo pipefail as a `run:` step, the release's DEPLOY_* variables and
 * DEPLOY_HOST. A non-zero exit fails the host, as a failed deploy would.
 */
export async function runHook(hook: HookRun, log: TargetLog): Promise<void> {
  const exitCode = await log.group(`${hook.host}: ${hook.which} hook`, () => spawnHook(hook, log));
  if (exitCode !== 0) {
    throw new UserError(
      exitCode === 124
        ? `the ${hook.which} hook did not finish within ${Math.round(hook.timeoutMs / 1000)} s and was stopped`
        : `the ${hook.which} hook exited with code ${exitCode} (its output is in the log group above)`,
    );
  }
}

function spawnHook(hook: HookRun, log: TargetLog): Promise<number> {
  const bash = existsSync('/bin/bash') || existsSync('/usr/bin/bash');
  const [program, flags] = bash ? ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c']] : ['sh', ['-e', '-c']];
  return new Promise((resolve, reject) => {
    const child = spawn(program as string, [...(flags as string[]), hook.script], {
      env: {
        ...scriptEnvironment(hook.env ?? process.env),
        ...deployEnvironment(hook.request),
        DEPLOY_HOST: hook.host,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(hook.signal ? { signal: hook.signal } : {}),
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, hook.timeoutMs);
    const out = lineSplitter((line) => log.info(line));
    const err = lineSplitter((line) => log.info(line));
    child.stdout.on('data', (chunk: Buffer) => out.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => err.write(chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      out.end();
      err.end();
      resolve(timedOut ? 124 : (code ?? (signal ? 128 : 1)));
    });
  });
}
