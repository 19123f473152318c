import { UserError } from '@deploy-kit/action-kit';
import { validSshDestination } from '../ssh/ssh-destination';
import type { SshConnection } from '../ssh/ssh-options';
import { SshSession, type RemoteResult } from '../ssh/ssh-session';
import type { DeployRequest, DeployTarget, RunningRelease, ServiceImage, ServiceSlot, TargetLog } from '../types';
import {
  PROBE_NO_COMPOSE_FILE,
  PROBE_NO_PROJECT_DIR,
  asShCommand,
  cdProject,
  composeScript,
  composeServicesLine,
  envThenComposeScript,
  envValue,
  loginScript,
  probeScript,
  removeEnvFileScript,
  withImageVariables,
  writeEnvFileScript,
  writeStateScript,
  type ComposeProject,
} from './remote-scripts';
import { parseProbe, serviceList, type HostState } from './host-state';
import { LEGACY_STATE_FILE, readsLegacyState, recordOf, stateFileFor } from './state-file';
import { missingOnHost } from './host-check';

/** The settings a user wrote that an error about the host can point at. */
export type SshComposeSetting = 'project-dir' | 'compose-file' | 'services' | 'image-variable';

export interface SshComposeOptions {
  connection: SshConnection;
  project: ComposeProject;
  /**
   * The inputs path's `services` input: the compose services to pull and
   * start for its one image, instead of each request service's own
   * `composeService` (empty: every service of the compose file).
   */
  composeServices?: readonly string[];
  /** Budget for each remote command (a pull can be slow). */
  commandTimeoutMs: number;
  /**
   * How errors name a setting; default `Input "project-dir"`. The config file
   * path names its own key, or nothing (undefined) where the message already
   * names the service.
   */
  settingName?: (setting: SshComposeSetting) => string | undefined;
}

/** How long a look at the host by current() stands in for the deploy's own. */
const PROBE_REUSE_MS = 60_000;

/** A failing remote step: its output is already in a log group above the error. */
export class RemoteCommandError extends UserError {
  override name = 'RemoteCommandError';
}

/**
 * Deploys with the flow teams run by hand: SSH to the server, set the images,
 * `compose pull`, `compose up -d`, for every service of the release in ONE
 * compose operation. The image variables are written to the project's `.env`
 * so a later manual `docker compose up` keeps the deployed images, and a state
 * file per service set records what deploy-kit put there (read back as "what
 * was running before" by the next deploy). A failed deploy puts every
 * service back to what ran before.
 */
export class SshComposeTarget implements DeployTarget {
  readonly kind = 'ssh-compose';
  private session: SshSession | undefined;
  /** What current() read on the open session, for the deploy of the same service set that follows it. */
  private looked: { key: string; state: HostState; at: number } | undefined;

  constructor(private readonly options: SshComposeOptions) {
    // A host or user ssh would read as an option is refused when the target is made, before anything runs.
    validSshDestination(options.connection);
  }

  describe(): string {
    const { host, port, user } = this.options.connection;
    return `ssh-compose ${user}@${host}:${port} ${this.options.project.projectDir}`;
  }

  /**
   * Opens the SSH connection now, reading and changing nothing, so that its
   * handshake (0.2-1 s) overlaps what runs before current() (the pipeline's
   * pre-deploy checks). A failure is current()'s to report: it connects again.
   */
  prepare(): void {
    this.openSession()
      .connect()
      .catch(() => undefined);
  }

  /**
   * Checks the host for every service, then says what runs for that service
   * set. Leaves the connection open on success: the deploy that follows a
   * look at the host (plan, then deploy) reuses it, and the look itself (read
   * with `.env`) when it is recent. It is closed by deploy(), close(), or the
   * process exiting.
   */
  async current(services: readonly ServiceSlot[], log: TargetLog): Promise<RunningRelease | undefined> {
    checkSlots(services);
    const session = this.openSession();
    try {
      const state = await this.checkedProbe(session, services, log);
      this.looked = { key: this.stateFile(services), state, at: Date.now() };
      return state.release;
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Every remote step runs over one SSH connection, closed when the deploy ends, whatever happened. */
  async deploy(request: DeployRequest, log: TargetLog): Promise<void> {
    checkSlots(request.services);
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

  private stateFile(slots: readonly ServiceSlot[]): string {
    return stateFileFor(slots, this.options.project.composeFile);
  }

  /** The compose services a compose command names: every service's own, or the inputs path's list. */
  private composeServicesOf(slots: readonly ServiceSlot[]): string[] {
    return [...(this.options.composeServices ?? new Set(slots.map((slot) => slot.composeService)))];
  }

  /**
   * The host as current() just read it for this service set, else a fresh
   * probe. Between the two the deploy only talks to the registry and GitHub;
   * past PROBE_REUSE_MS it looks again rather than trust an old copy of `.env`.
   */
  private async lookBeforeDeploy(session: SshSession, slots: readonly ServiceSlot[], log: TargetLog) {
    const looked = this.looked;
    this.looked = undefined;
    if (looked && looked.key === this.stateFile(slots) && Date.now() - looked.at <= PROBE_REUSE_MS) {
      return looked.state;
    }
    return this.checkedProbe(session, slots, log);
  }

  private openSession(): SshSession {
    this.session ??= new SshSession(this.options.connection);
    return this.session;
  }

  private async deployOver(session: SshSession, request: DeployRequest, log: TargetLog): Promise<void> {
    const { project } = this.options;
    const slots = request.services;
    const { envFile } = await this.lookBeforeDeploy(session, slots, log);
    const images = Object.fromEntries(slots.map((slot) => [slot.imageVariable, slot.imageRef]));
    const composeServices = this.composeServicesOf(slots);
    if (request.registryAuth) {
      const { registry, username, password } = request.registryAuth;
      await this.step(session, log, `docker login ${registry}`, loginScript(registry, username), password);
    }
    let started = false;
    try {
      // `.env` first, in the same remote command as the pull. If anything in it fails, the
      // previous `.env` is put back below (its write may or may not have happened).
      await this.step(
        session,
        log,
        `set ${Object.keys(images).join(', ')} in .env, ${project.composeCommand} pull`,
        envThenComposeScript(project, images, ['pull'], composeServices),
        withImageVariables(envFile, images),
      );
      started = true;
      await this.step(
        session,
        log,
        `${project.composeCommand} up -d`,
        composeScript(project, images, ['up', '-d'], composeServices),
      );
      // Inside the try: a release the host has no record of is put back too, as the engine records it failed.
      await this.step(
        session,
        log,
        `record the release in ${project.projectDir}`,
        writeStateScript(project, this.stateFile(slots)),
        `${JSON.stringify(recordOf(request, new Date()), null, 2)}\n`,
      );
    } catch (error) {
      const restored = await this.putBack(session, log, slots, envFile, { restart: started });
      if (error instanceof RemoteCommandError) throw new RemoteCommandError(`${error.message}; ${restored}`);
      throw error;
    }
  }

  /** Probes the host and refuses, in one error, every service the host cannot run. */
  private async checkedProbe(session: SshSession, slots: readonly ServiceSlot[], log: TargetLog): Promise<HostState> {
    const state = await this.probe(session, slots, log);
    const problem = missingOnHost(state, slots, {
      composeServices: this.options.composeServices,
      composeFile: this.options.project.composeFile,
    });
    if (problem) {
      const where = `${this.options.project.projectDir} on ${this.options.connection.host}`;
      const name = problem.setting ? this.settingName(problem.setting) : undefined;
      throw new UserError(`${name ? `${name}: ` : ''}${problem.message} (in ${where}); nothing was changed`);
    }
    return state;
  }

  private settingName(setting: SshComposeSetting): string | undefined {
    return this.options.settingName ? this.options.settingName(setting) : `Input "${setting}"`;
  }

  private async probe(session: SshSession, slots: readonly ServiceSlot[], log: TargetLog): Promise<HostState> {
    const { project } = this.options;
    const files = {
      stateFile: this.stateFile(slots),
      ...(readsLegacyState(slots) ? { legacyStateFile: LEGACY_STATE_FILE } : {}),
    };
    const result = await session.run(asShCommand(probeScript(project, slots, files, { withEnvFile: true })), {
      timeoutMs: this.options.commandTimeoutMs,
    });
    const where = `${this.options.connection.host}`;
    if (result.exitCode === PROBE_NO_PROJECT_DIR) {
      throw new UserError(
        `${this.settingName('project-dir') ?? 'project-dir'}: ${project.projectDir} does not exist on ${where} (or is not accessible to the SSH user)`,
      );
    }
    if (result.exitCode === PROBE_NO_COMPOSE_FILE) {
      throw new UserError(
        `${this.settingName('compose-file') ?? 'compose-file'}: ${project.composeFile} was not found in ${project.projectDir} on ${where}`,
      );
    }
    if (result.exitCode !== 0) this.fail('reading the project state', result, log);
    const probed = parseProbe(result.stdout, slots, (line) => log.warning(line));
    const { state, stderr } = probed.askCompose
      ? await this.listedByCompose(session, probed, log)
      : { state: probed, stderr: result.stderr };
    if (state.composeConfigExit !== undefined) {
      const last = lastLine(stderr);
      log.warning(
        `"${project.composeCommand} config --services" failed on ${where} (exit code ${state.composeConfigExit}${last ? `: ${last}` : ''}), ` +
          'so the compose services were not checked before the deploy (podman-compose 1.0 has no `config`)',
      );
    }
    return state;
  }

  /**
   * The services of a compose file the probe could not read them from (see
   * composeFileServices), listed by compose itself: one more round trip, only
   * for such files.
   */
  private async listedByCompose(
    session: SshSession,
    probed: HostState,
    log: TargetLog,
  ): Promise<{ state: HostState; stderr: string }> {
    const { project } = this.options;
    const result = await session.run(asShCommand([cdProject(project), composeServicesLine(project)].join('\n')), {
      timeoutMs: this.options.commandTimeoutMs,
    });
    if (result.exitCode !== 0) this.fail('listing the compose services', result, log);
    const { askCompose: _asked, ...rest } = probed;
    return { state: { ...rest, ...serviceList(result.stdout.split('\n')) }, stderr: result.stderr };
  }

  /**
   * After a failed pull or up: `.env` back as it was and, once `up` may have
   * replaced containers, `up -d` again with the previous images, so every
   * service runs what ran before, not only the one that failed. Returns what
   * it did, for the error; problems here are warnings (the deploy already failed).
   */
  private async putBack(
    session: SshSession,
    log: TargetLog,
    slots: readonly ServiceImage[],
    envFile: string | undefined,
    options: { restart: boolean },
  ): Promise<string> {
    const { project } = this.options;
    const names = slots.map((slot) => slot.service).join(', ');
    const run = (script: string, stdin?: string) =>
      session.run(asShCommand(script), {
        timeoutMs: this.options.commandTimeoutMs,
        onLine: (line) => log.info(line),
        ...(stdin === undefined ? {} : { stdin }),
      });
    try {
      const result = await log.group(`${this.options.connection.host}: put back the previous .env`, () =>
        envFile === undefined ? run(removeEnvFileScript(project)) : run(writeEnvFileScript(project), envFile),
      );
      if (result.exitCode !== 0) throw new Error(lastLine(result.stderr) || `exit code ${result.exitCode}`);
      if (!options.restart) return `the previous .env is back and ${names} keep running what ran before`;
      const previous = slots.filter((slot) => envValue(envFile, slot.imageVariable) !== undefined);
      const none = slots.filter((slot) => !previous.includes(slot));
      if (previous.length > 0) {
        const images = Object.fromEntries(
          slots.map((slot) => [slot.imageVariable, envValue(envFile, slot.imageVariable)]),
        );
        const restart = await log.group(`${this.options.connection.host}: up -d with the previous images`, () =>
          run(composeScript(project, images, ['up', '-d'], this.composeServicesOf(previous))),
        );
        if (restart.exitCode !== 0) {
          throw new Error(`up -d with the previous images failed: ${lastLine(restart.stderr) || restart.exitCode}`);
        }
      }
      const back = previous.map((slot) => `${slot.service} (${envValue(envFile, slot.imageVariable)})`).join(', ');
      const message = [
        back ? `put ${back} back to what ran before` : '',
        none.length > 0 ? `${none.map((slot) => slot.service).join(', ')} had no previous image in .env` : '',
      ]
        .filter(Boolean)
        .join('; ');
      log.info(`Put every service back: ${message}`);
      return message;
    } catch (error) {
      const message = `could not put the previous release back in ${project.projectDir}: ${(error as Error).message}`;
      log.warning(message);
      return message;
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

/**
 * Image variables are written into the remote scripts as names (`export
 * API_IMAGE=…`, a `sed` pattern): anything but a variable name is a bug of
 * the caller (both front doors check them), refused before any connection.
 */
function checkSlots(slots: readonly ServiceSlot[]): void {
  if (slots.length === 0) throw new Error('ssh-compose: no services given');
  const bad = slots.find((slot) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(slot.imageVariable));
  if (bad) throw new Error(`ssh-compose: the image variable of service ${bad.service} is not a variable name`);
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
