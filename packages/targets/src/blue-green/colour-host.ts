import { UserError } from '@deploy-kit/action-kit';
import type { SshConnection } from '../ssh/ssh-options';
import { SshSession, type RemoteResult } from '../ssh/ssh-session';
import { asShCommand, composeScript, loginScript, type ComposeProject } from '../ssh-compose/remote-scripts';
import type { DeployRequest, TargetLog } from '../types';
import { parseUpstreamMarker, renderUpstream, type UpstreamMarker, type UpstreamServer } from '../proxy/nginx-upstream';
import { PROXY_INVALID, PROXY_NO_PROJECT, PROXY_RELOAD_FAILED, applyUpstreamScript } from '../proxy/proxy-scripts';
import type { ProxyOnHost } from '../proxy/proxy-settings';
import {
  NO_PROJECT_DIR,
  composeProjectName,
  folderName,
  healthScript,
  lookScript,
  parseLook,
  parsePort,
  portScript,
  stateFile,
  writeStateScript,
  type Colour,
} from './colour-scripts';
import { parseColoursState, type ColoursState } from './colour-state';
import { drainScript } from './drain';

/** Everything a blue-green or canary target needs to drive one host. */
export interface ColourHostOptions {
  connection: SshConnection;
  project: ComposeProject;
  proxy: ProxyOnHost;
  /** Budget for each remote command (a pull can be slow). */
  commandTimeoutMs: number;
  /** The path each release is health-checked on, on its own port, e.g. `/api/health`. */
  healthPath: string;
  /** How long a new release may take to answer its health check. */
  healthTimeoutMs: number;
  /** The compose project the colours are named after; default the project folder's name. */
  projectName?: string;
}

/** What the host says about the colours: the state file, and which one the proxy routes to. */
export interface ColoursOnHost {
  state: ColoursState;
  /** Read from deploy-kit's upstream file; undefined before the first blue-green deploy. */
  marker: UpstreamMarker | undefined;
  running: Record<Colour, number>;
}

/** The proxy refused deploy-kit's file (nginx -t or the reload): nothing was switched. */
export class ProxyChangeError extends UserError {
  override name = 'ProxyChangeError';
}

/** A remote step that failed; its output is in the log group above. */
export class ColourStepError extends UserError {
  override name = 'ColourStepError';
}

/**
 * The remote steps of a blue-green or canary deploy, over ONE SSH connection: look, start a
 * colour, read its port, health-check it, write the upstream, stop a colour, record the state.
 */
export class ColourHost {
  private session: SshSession | undefined;

  constructor(
    readonly options: ColourHostOptions,
    private readonly log: TargetLog,
  ) {}

  get host(): string {
    return this.options.connection.host;
  }

  composeProject(colour: Colour): string {
    return composeProjectName(this.options.projectName ?? folderName(this.options.project.projectDir), colour);
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }

  private open(): SshSession {
    this.session ??= new SshSession(this.options.connection);
    return this.session;
  }

  private async run(title: string, script: string, stdin?: string): Promise<RemoteResult> {
    return this.log.group(`${this.host}: ${title}`, async () => {
      const result = await this.open().run(asShCommand(script), {
        timeoutMs: this.options.commandTimeoutMs,
        onLine: (line) => this.log.info(line),
        ...(stdin === undefined ? {} : { stdin }),
      });
      this.log.info(`(exit code ${result.exitCode})`);
      return result;
    });
  }

  private async step(title: string, script: string, stdin?: string): Promise<RemoteResult> {
    const result = await this.run(title, script, stdin);
    if (result.exitCode !== 0) {
      const last = lastLine(result.stderr) || lastLine(result.stdout);
      throw new ColourStepError(
        `Remote step "${title}" failed on ${this.host} with exit code ${result.exitCode}${last ? `: ${last}` : ''}`,
      );
    }
    return result;
  }

  async look(): Promise<ColoursOnHost> {
    const { project, proxy } = this.options;
    const projects = { blue: this.composeProject('blue'), green: this.composeProject('green') };
    const result = await this.run(
      'read the colours and the proxy',
      lookScript(project, { state: stateFile(proxy.upstream), proxy: proxy.configFile }, projects),
    );
    if (result.exitCode === NO_PROJECT_DIR) {
      throw new UserError(`project-dir: ${project.projectDir} does not exist on ${this.host}; nothing was changed`);
    }
    if (result.exitCode === 4) {
      throw new UserError(
        `compose-file: ${project.composeFile ?? ''} was not found in ${project.projectDir} on ${this.host}; nothing was changed`,
      );
    }
    if (result.exitCode !== 0) throw new ColourStepError(`Reading the colours failed on ${this.host}`);
    const look = parseLook(result.stdout);
    return { state: parseColoursState(look.state), marker: parseUpstreamMarker(look.proxyFile), running: look.running };
  }

  /** Pulls and starts the request's services as the colour's own compose project, beside the live one. */
  async start(colour: Colour, request: DeployRequest): Promise<void> {
    const { project } = this.options;
    const images = Object.fromEntries(request.services.map((s) => [s.imageVariable, s.imageRef]));
    const services = [...new Set(request.services.map((s) => s.composeService))];
    const name = this.composeProject(colour);
    if (request.registryAuth) {
      const { registry, username, password } = request.registryAuth;
      await this.step(`docker login ${registry}`, loginScript(registry, username), password);
    }
    await this.step(`${name}: pull`, composeScript(project, images, ['-p', name, 'pull'], services));
    await this.step(`${name}: up -d`, composeScript(project, images, ['-p', name, 'up', '-d'], services));
  }

  /** The loopback port the colour's routed service published. */
  async port(colour: Colour, composeService: string): Promise<number> {
    const name = this.composeProject(colour);
    const result = await this.step(`${name}: read the port of ${composeService}`, portScript(name, composeService));
    const port = parsePort(result.stdout);
    if (port === undefined) {
      throw new UserError(
        `${composeService} of ${name} publishes no port on ${this.host}; for blue-green and canary, publish it without a fixed host port, e.g. ports: ["127.0.0.1::8080"] (docs/rollouts.md)`,
      );
    }
    return port;
  }

  /** Health-checks the colour on its own port; resolves false when it never answered 2xx. */
  async healthy(colour: Colour, port: number): Promise<boolean> {
    const { healthPath, healthTimeoutMs } = this.options;
    const result = await this.run(
      `${this.composeProject(colour)}: health check on 127.0.0.1:${port}${healthPath}`,
      healthScript(port, healthPath, healthTimeoutMs / 1000),
    );
    return result.exitCode === 0;
  }

  /**
   * Writes deploy-kit's upstream file, validates the whole configuration and reloads nginx.
   * When nginx refuses it, the previous file is back and the error carries nginx's message.
   */
  async route(marker: UpstreamMarker, servers: readonly UpstreamServer[]): Promise<void> {
    const { proxy, project } = this.options;
    const text = renderUpstream(proxy.upstream, marker, servers);
    const result = await this.run(
      `nginx: upstream ${proxy.upstream} → ${describeServers(servers)}`,
      applyUpstreamScript(proxy, project),
      text,
    );
    if (result.exitCode === 0) return;
    const why = nginxMessage(result.stderr);
    const where = `${proxy.configFile} on ${this.host}`;
    if (result.exitCode === PROXY_INVALID) {
      throw new ProxyChangeError(
        `nginx refused the configuration with deploy-kit's upstream ${proxy.upstream} (${where}): ${why}; the previous upstream file is back and the live release keeps the traffic`,
      );
    }
    if (result.exitCode === PROXY_RELOAD_FAILED) {
      throw new ProxyChangeError(
        `nginx could not reload (${where}): ${why}; the previous upstream file is back and the live release keeps the traffic`,
      );
    }
    if (result.exitCode === PROXY_NO_PROJECT) {
      throw new UserError(`project-dir: ${project.projectDir} does not exist on ${this.host}`);
    }
    throw new ProxyChangeError(`writing ${where} failed with exit code ${result.exitCode}: ${why}`);
  }

  /** Stops and removes the colour's containers. */
  async stop(colour: Colour, services: readonly string[]): Promise<void> {
    const name = this.composeProject(colour);
    await this.step(`${name}: stop`, composeScript(this.options.project, {}, ['-p', name, 'rm', '-s', '-f'], services));
  }

  /** Waits (at most `timeoutMs`) for nginx's old workers to finish; true when some were still running. */
  async drain(timeoutMs: number): Promise<boolean> {
    const result = await this.step('wait for the old nginx workers to drain', drainScript(timeoutMs));
    return result.stdout.includes('left');
  }

  async writeState(state: ColoursState): Promise<void> {
    const file = stateFile(this.options.proxy.upstream);
    await this.step(
      `record the colours in ${file}`,
      writeStateScript(this.options.project, file),
      `${JSON.stringify(state, null, 2)}\n`,
    );
  }
}

export function describeServers(servers: readonly UpstreamServer[]): string {
  const routed = servers.filter((s) => s.weight > 0);
  return routed.length === 1 ? routed[0]!.address : routed.map((s) => `${s.address} ${s.weight}%`).join(', ');
}

/** nginx's own `[emerg]` line when there is one, else the last line. */
function nginxMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /\[(emerg|alert|crit|error)\]/.test(line)) ?? lines[lines.length - 1] ?? 'no output';
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
