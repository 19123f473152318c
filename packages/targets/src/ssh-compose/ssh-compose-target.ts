import { UserError } from '@deploy-kit/action-kit';
import { validSshDestination } from '../ssh/ssh-destination';
import type { SshConnection } from '../ssh/ssh-options';
import { SshSession, type RemoteResult } from '../ssh/ssh-session';
import type { DeployRequest, DeployTarget, RunningRelease, TargetLog } from '../types';
import {
  PROBE_NO_COMPOSE_FILE,
  PROBE_NO_PROJECT_DIR,
  asShCommand,
  composeScript,
  loginScript,
  probeScript,
  removeEnvFileScript,
  withImageVariable,
  writeEnvFileScript,
  writeStateScript,
  type ComposeProject,
} from './remote-scripts';
import { parseProbe, type HostState } from './host-state';

export interface SshComposeOptions {
  connection: SshConnection;
  project: ComposeProject;
  /** Budget for each remote command (a pull can be slow). */
  commandTimeoutMs: number;
}

/** How long a look at the host by current() stands in for the deploy's own. */
const PROBE_REUSE_MS = 60_000;

/** A failing remote step: its output is already in a log group above the error. */
export class RemoteCommandError extends UserError {
  override name = 'RemoteCommandError';
}

/**
 * Deploys with the flow teams run by hand: SSH to the server, set the image,
 * `compose pull`, `compose up -d`. The image variable is written to the
 * project's `.env` so a later manual `docker compose up` keeps the deployed
 * image, and a small state file records what deploy-kit put there (read back
 * as "what was running before" by the next deploy).
 */
export class SshComposeTarget implements DeployTarget {
  readonly kind = 'ssh-compose';
  private session: SshSession | undefined;
  /** What current() read on the open session, for the deploy that follows it. */
  private looked: { state: HostState; at: number } | undefined;

  constructor(private readonly options: SshComposeOptions) {
    // A host or user ssh would read as an option is refused when the target is made, before anything runs.
    validSshDestination(options.connection);
  }

  describe(): string {
    const { host, port, user } = this.options.connection;
    return `ssh-compose ${user}@${host}:${port} ${this.options.project.projectDir}`;
  }

  /**
   * Leaves the connection open on success: the deploy that follows a look at
   * the host (plan, then deploy) reuses it, and the look itself (read with
   * `.env`) when it is recent. It is closed by deploy(), close(), or the
   * process exiting.
   */
  async current(log: TargetLog): Promise<RunningRelease | undefined> {
    const session = this.openSession();
    try {
      const state = await this.probe(session, log, { withEnvFile: true });
      this.looked = { state, at: Date.now() };
      return state.release;
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Every remote step runs over one SSH connection, closed when the deploy ends, whatever happened. */
  async deploy(request: DeployRequest, log: TargetLog): Promise<void> {
    try {
      await this.deployOver(this.openSession(), request, log);
    } finally {
      this.close();
    }
  }

  /** Stops the SSH connection and deletes the key files; the next call opens a new one. */
  close(): void {
    this.session?.close();
    this.session = undefined;
    this.looked = undefined;
  }

  /**
   * The host as current() just read it, else a fresh probe. Between the two
   * the deploy only talks to the registry and GitHub; past PROBE_REUSE_MS it
   * looks again rather than trust an old copy of `.env`.
   */
  private async lookBeforeDeploy(session: SshSession, log: TargetLog): Promise<HostState> {
    const looked = this.looked;
    this.looked = undefined;
    if (looked && Date.now() - looked.at <= PROBE_REUSE_MS) return looked.state;
    return this.probe(session, log, { withEnvFile: true });
  }

  private openSession(): SshSession {
    this.session ??= new SshSession(this.options.connection);
    return this.session;
  }

  private async deployOver(session: SshSession, request: DeployRequest, log: TargetLog): Promise<void> {
    const { project } = this.options;
    const { envFile } = await this.lookBeforeDeploy(session, log);
    if (request.registryAuth) {
      const { registry, username, password } = request.registryAuth;
      await this.step(session, log, `docker login ${registry}`, loginScript(registry, username), password);
    }
    await this.step(
      session,
      log,
      `set ${project.imageVariable} in .env`,
      writeEnvFileScript(project),
      withImageVariable(envFile, project.imageVariable, request.imageRef),
    );
    try {
      await this.step(
        session,
        log,
        `${project.composeCommand} pull`,
        composeScript(project, request.imageRef, ['pull']),
      );
      await this.step(
        session,
        log,
        `${project.composeCommand} up -d`,
        composeScript(project, request.imageRef, ['up', '-d']),
      );
    } catch (error) {
      await this.restoreEnvFile(session, log, envFile);
      throw error;
    }
    const state = {
      imageRef: request.imageRef,
      digest: request.digest,
      version: request.version,
      environment: request.environment,
      deployedAt: new Date().toISOString(),
    };
    await this.step(
      session,
      log,
      `record the release in ${project.projectDir}`,
      writeStateScript(project),
      `${JSON.stringify(state, null, 2)}\n`,
    );
  }

  private async probe(
    session: SshSession,
    log: TargetLog,
    options: { withEnvFile: boolean } = { withEnvFile: false },
  ): Promise<HostState> {
    const result = await session.run(asShCommand(probeScript(this.options.project, options)), {
      timeoutMs: this.options.commandTimeoutMs,
    });
    const where = `${this.options.connection.host}`;
    if (result.exitCode === PROBE_NO_PROJECT_DIR) {
      throw new UserError(
        `Input "project-dir": ${this.options.project.projectDir} does not exist on ${where} (or is not accessible to the SSH user)`,
      );
    }
    if (result.exitCode === PROBE_NO_COMPOSE_FILE) {
      throw new UserError(
        `Input "compose-file": ${this.options.project.composeFile} was not found in ${this.options.project.projectDir} on ${where}`,
      );
    }
    if (result.exitCode !== 0) this.fail('reading the project state', result, log);
    return parseProbe(result.stdout, (line) => log.warning(line));
  }

  /** Puts `.env` back after a failed pull/up, so a manual `up` keeps running the old image. */
  private async restoreEnvFile(session: SshSession, log: TargetLog, envFile: string | undefined): Promise<void> {
    const { project } = this.options;
    try {
      const result =
        envFile === undefined
          ? await session.run(asShCommand(removeEnvFileScript(project)), { timeoutMs: this.options.commandTimeoutMs })
          : await session.run(asShCommand(writeEnvFileScript(project)), {
              timeoutMs: this.options.commandTimeoutMs,
              stdin: envFile,
            });
      if (result.exitCode === 0) log.info(`Restored the previous .env in ${project.projectDir}`);
      else log.warning(`Could not restore the previous .env in ${project.projectDir}: ${result.stderr.trim()}`);
    } catch (error) {
      log.warning(`Could not restore the previous .env in ${project.projectDir}: ${(error as Error).message}`);
    }
  }

  /** Runs one remote step inside a log group; a non-zero exit fails the deploy. */
  private async step(
    session: SshSession,
    log: TargetLog,
    title: string,
    script: string,
    stdin?: string,
  ): Promise<void> {
    const result = await log.group(`${this.options.connection.host}: ${title}`, async () => {
      const outcome = await session.run(asShCommand(script), {
        timeoutMs: this.options.commandTimeoutMs,
        onLine: (line) => log.info(line),
        ...(stdin === undefined ? {} : { stdin }),
      });
      log.info(`(exit code ${outcome.exitCode})`);
      return outcome;
    });
    if (result.exitCode !== 0) this.fail(title, result, log);
  }

  private fail(title: string, result: RemoteResult, log: TargetLog): never {
    const last = lastLine(result.stderr) || lastLine(result.stdout);
    if (result.exitCode === 124) log.warning(`"${title}" ran out of time (input "deploy-timeout")`);
    throw new RemoteCommandError(
      `Remote step "${title}" failed on ${this.options.connection.host} with exit code ${result.exitCode}${last ? `: ${last}` : ''} (full output in the log group above)`,
    );
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
