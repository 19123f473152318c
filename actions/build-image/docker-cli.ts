import * as exec from '@actions/exec';
import { UserError } from '@deploy-kit/action-kit';
import { GHCR_PERMISSION_HINT } from '@deploy-kit/registry';

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
      throw new UserError(`Could not run docker: ${(error as Error).message}. Is Docker installed on this runner?`);
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
        throw new UserError(`docker login to ${where} as ${username} was refused. ${GHCR_PERMISSION_HINT}`);
      }
      throw new UserError(`docker login to ${where} failed (exit ${result.exitCode}): ${lastLine(result.stderr)}`);
    }
  }

  async logout(server: string | undefined): Promise<void> {
    await this.run(server ? ['logout', server] : ['logout'], { silent: true });
  }

  /** Runs a build (classic or buildx); fails the step with docker's last words. */
  async build(args: string[], env: Record<string, string> = {}): Promise<void> {
    const result = await this.run(args, { env });
    if (result.exitCode !== 0) {
      throw new UserError(
        `docker ${args[0] === 'buildx' ? 'buildx build' : 'build'} failed (exit ${result.exitCode}): ${lastLine(result.stderr || result.stdout)}`,
      );
    }
  }

  async push(ref: string): Promise<void> {
    const result = await this.run(['push', ref]);
    if (result.exitCode !== 0) {
      const output = result.stderr || result.stdout;
      if (/unauthorized|denied|authentication required|401|403/i.test(output)) {
        throw new UserError(`docker push ${ref} was refused by the registry. ${GHCR_PERMISSION_HINT}`);
      }
      throw new UserError(`docker push ${ref} failed (exit ${result.exitCode}): ${lastLine(output)}`);
    }
  }
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? 'no output';
}
