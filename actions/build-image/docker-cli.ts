import * as exec from '@actions/exec';
import { UserError } from '@deploy-kit/action-kit';
import { DOCKER_HUB, parseImageReference, permissionHint } from '@deploy-kit/registry';

export interface DockerRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * The `docker` command line, as found on GitHub-hosted runners (or pointed at
 * another engine with DOCKER_HOST). Output streams to the job log; secrets go
 * through stdin only, never the argument list (which the log shows).
 */
export class DockerCli {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  private async run(
    args: string[],
    options: { input?: string; silent?: boolean; env?: Record<string, string> } = {},
  ): Promise<DockerRunResult> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...this.env, ...options.env }))
      if (value !== undefined) env[name] = value;
    try {
      return await exec.getExecOutput('docker', args, {
        env,
        ignoreReturnCode: true,
        silent: options.silent ?? false,
        input: options.input === undefined ? undefined : Buffer.from(options.input),
      });
    } catch (error) {
      // @actions/io's message ends with its own full stop.
      const reason = (error as Error).message.trim().replace(/\.+$/, '');
      throw new UserError(`Could not run docker: ${reason}. Is Docker installed on this runner?`);
    }
  }

  /** Whether the buildx plugin is installed (it is on GitHub-hosted runners). */
  async hasBuildx(): Promise<boolean> {
    return (await this.run(['buildx', 'version'], { silent: true })).exitCode === 0;
  }

  /** `docker login` with the password on stdin. `server` undefined means Docker Hub. */
  async login(server: string | undefined, username: string, password: string): Promise<void> {
    const args = ['login', '--username', username, '--password-stdin'];
    if (server) args.push(server);
    const result = await this.run(args, { input: password });
    if (result.exitCode !== 0) {
      const where = server ?? 'Docker Hub';
      if (/unauthorized|denied|401|403|incorrect username or password/i.test(result.stderr)) {
        throw new UserError(
          `docker login to ${where} as ${username} was refused. ${permissionHint(server ?? DOCKER_HUB)}`,
        );
      }
      throw new UserError(`docker login to ${where} failed (exit ${result.exitCode}): ${lastLine(result.stderr)}`);
    }
  }

  async logout(server: string | undefined): Promise<void> {
    await this.run(server ? ['logout', server] : ['logout'], { silent: true });
  }

  /**
   * Runs a build (classic or buildx); fails the step with docker's last words.
   * `docker buildx build --push` pushes from the builder, so a registry
   * refusal surfaces here and gets the same permissions hint as `docker push`.
   */
  async build(args: string[], env: Record<string, string> = {}, registry?: string): Promise<void> {
    const result = await this.run(args, { env });
    if (result.exitCode !== 0) {
      const output = result.stderr || result.stdout;
      const command = args[0] === 'buildx' ? 'buildx build' : 'build';
      if (registry && args.includes('--push') && isPushRefusal(output)) {
        throw new UserError(
          `docker ${command} could not push to ${registry}: the registry refused it (${lastLine(output)}). ${permissionHint(registry)}`,
        );
      }
      throw new UserError(`docker ${command} failed (exit ${result.exitCode}): ${lastLine(output)}`);
    }
  }

  async push(ref: string): Promise<void> {
    const result = await this.run(['push', ref]);
    if (result.exitCode !== 0) {
      const output = result.stderr || result.stdout;
      if (REFUSAL.test(output)) {
        throw new UserError(
          `docker push ${ref} was refused by the registry. ${permissionHint(parseImageReference(ref).registry)}`,
        );
      }
      throw new UserError(`docker push ${ref} failed (exit ${result.exitCode}): ${lastLine(output)}`);
    }
  }
}

/** How docker, podman and buildkit word a registry's 401/403. */
const REFUSAL = /unauthorized|denied|authentication required|forbidden|\b401\b|\b403\b/i;

/**
 * A refused push, not a refused pull: buildx also fails with 401/403 when a
 * private base image (FROM) cannot be pulled, and the push advice would mislead.
 */
function isPushRefusal(output: string): boolean {
  // buildx ends with "ERROR: failed to solve: …"; later lines (build details links) are not the cause.
  const errors = output.split('\n').filter((line) => /^\s*(?:#\d+\s+)?ERROR\b/.test(line));
  const last = errors.length ? (errors[errors.length - 1] as string) : lastLine(output);
  if (/pull access denied|failed to resolve source metadata|failed to copy:.*pull/i.test(last)) return false;
  return REFUSAL.test(last);
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? 'no output';
}
