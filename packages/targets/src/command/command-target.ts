import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lineSplitter, UserError } from '@deploy-kit/action-kit';
import { scriptEnvironment } from './script-environment';
import type { DeployRequest, DeployTarget, RunningRelease, TargetLog } from '../types';

export interface CommandTargetOptions {
  script: string;
  timeoutMs: number;
  /**
   * The environment the script inherits (the step's own `env:` included);
   * the action's inputs and the runner's tokens are removed from it.
   */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * The variables a deploy script receives, by name: every service in
 * `DEPLOY_SERVICES` (JSON) and each service's image variable (`API_IMAGE`,
 * as the compose file would name it) set to its pinned image; with one
 * service, also today's single-image `DEPLOY_IMAGE`, `DEPLOY_DIGEST` and
 * `DEPLOY_IMAGE_REF`, so existing scripts keep working.
 */
export function deployEnvironment(request: DeployRequest): Record<string, string> {
  const services = request.services.map(({ service, composeService, imageVariable, image, digest, imageRef }) => ({
    service,
    composeService,
    imageVariable,
    image,
    digest,
    imageRef,
  }));
  const [only] = request.services.length === 1 ? request.services : [];
  return {
    ...Object.fromEntries(request.services.map((service) => [service.imageVariable, service.imageRef])),
    ...(only ? { DEPLOY_IMAGE: only.image, DEPLOY_DIGEST: only.digest, DEPLOY_IMAGE_REF: only.imageRef } : {}),
    DEPLOY_SERVICES: JSON.stringify(services),
    DEPLOY_VERSION: request.version,
    DEPLOY_ENVIRONMENT: request.environment,
  };
}

/**
 * The escape hatch for any other platform: runs the user's script on the
 * runner with the exact image in DEPLOY_* variables. bash with `-eo pipefail`
 * (as a `run:` step does) so a failing line fails the deploy. The script never
 * sees the action's inputs (secrets among them) nor the runner's tokens.
 */
export class CommandTarget implements DeployTarget {
  readonly kind = 'command';

  constructor(private readonly options: CommandTargetOptions) {}

  describe(): string {
    return 'command (a script on the runner)';
  }

  /** A script cannot say what runs (nor check a host first); the ledger's record is used instead. */
  async current(): Promise<RunningRelease | undefined> {
    return undefined;
  }

  async deploy(request: DeployRequest, log: TargetLog): Promise<void> {
    const exitCode = await log.group('deploy command', () => this.runScript(request, log));
    if (exitCode !== 0) {
      throw new UserError(
        exitCode === 124
          ? `The deploy command did not finish within the "deploy-timeout" and was stopped`
          : `The deploy command failed with exit code ${exitCode} (its output is in the log group above)`,
      );
    }
  }

  private runScript(request: DeployRequest, log: TargetLog): Promise<number> {
    const shell =
      existsSync('/bin/bash') || existsSync('/usr/bin/bash')
        ? ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c']]
        : ['sh', ['-e', '-c']];
    const [program, flags] = shell as [string, string[]];
    return new Promise((resolve, reject) => {
      const child = spawn(program, [...flags, this.options.script], {
        cwd: this.options.cwd,
        env: { ...scriptEnvironment(this.options.env ?? process.env), ...deployEnvironment(request) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
      }, this.options.timeoutMs);
      const outLines = lineSplitter((line) => log.info(line));
      const errLines = lineSplitter((line) => log.info(line));
      child.stdout.on('data', (chunk: Buffer) => outLines.write(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => errLines.write(chunk.toString()));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        outLines.end();
        errLines.end();
        resolve(timedOut ? 124 : (code ?? (signal ? 128 : 1)));
      });
    });
  }
}
