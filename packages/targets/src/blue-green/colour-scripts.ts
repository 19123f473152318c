import { shellQuote } from '../shell-quote';
import type { ComposeProject } from '../ssh-compose/remote-scripts';

/**
 * Host-side scripts for releases that run side by side: each release is its own compose
 * project (`<project>-blue`, `<project>-green`) started from the user's compose file, so the
 * two never share a container. The routed service publishes its port on the host's loopback
 * without a fixed host port (`127.0.0.1::8080`), and the port each colour got is read back.
 */

export const COLOURS = ['blue', 'green'] as const;
export type Colour = (typeof COLOURS)[number];

export function otherColour(colour: Colour): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

/** Compose's own normalisation of a project name (lower case letters, digits, `_` and `-`). */
export function composeProjectName(base: string, colour: Colour): string {
  const cleaned = base.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  return `${cleaned || 'app'}-${colour}`;
}

/** The folder's name, as Compose names a project by default. */
export function folderName(projectDir: string): string {
  return projectDir.replace(/\/+$/, '').split('/').pop() ?? 'app';
}

export const NO_PROJECT_DIR = 3;

function cdProject(project: ComposeProject): string {
  return `cd ${shellQuote(project.projectDir)} || exit ${NO_PROJECT_DIR}`;
}

/** The state file of one upstream's colours, under the project. */
export function stateFile(upstream: string): string {
  return `.deploy-kit/blue-green/${upstream}.json`;
}

const STATE_MARK = '---deploy-kit-state---';
const PROXY_MARK = '---deploy-kit-proxy---';
const RUNNING_MARK = '---deploy-kit-running---';

/**
 * One look at the host: the colours' state file, deploy-kit's upstream file (the truth about
 * which colour takes the traffic) and how many containers each colour runs.
 */
export function lookScript(
  project: ComposeProject,
  files: { state: string; proxy: string },
  projects: Record<Colour, string>,
): string {
  const file = project.composeFile ? `[ -f ${shellQuote(project.composeFile)} ] || exit 4` : ':';
  return [
    cdProject(project),
    file,
    `echo ${STATE_MARK}`,
    `cat ${shellQuote(files.state)} 2>/dev/null`,
    `echo ${PROXY_MARK}`,
    `cat ${shellQuote(files.proxy)} 2>/dev/null`,
    `echo ${RUNNING_MARK}`,
    ...COLOURS.map(
      (colour) =>
        `printf '${colour}=%s\\n' "$(docker ps -q --filter label=com.docker.compose.project=${projects[colour]} | wc -l)"`,
    ),
  ].join('\n');
}

export interface HostLook {
  state: string | undefined;
  proxyFile: string | undefined;
  running: Record<Colour, number>;
}

export function parseLook(stdout: string): HostLook {
  const section = (from: string, to: string) => {
    const start = stdout.indexOf(`${from}\n`);
    const end = stdout.indexOf(`${to}\n`);
    if (start < 0 || end < 0) return undefined;
    const text = stdout.slice(start + from.length + 1, end);
    return text.trim() === '' ? undefined : text;
  };
  const runningText = stdout.slice(stdout.indexOf(RUNNING_MARK) + RUNNING_MARK.length);
  const count = (colour: Colour) => Number(new RegExp(`^${colour}=\\s*(\\d+)`, 'm').exec(runningText)?.[1] ?? 0);
  return {
    state: section(STATE_MARK, PROXY_MARK),
    proxyFile: section(PROXY_MARK, RUNNING_MARK),
    running: { blue: count('blue'), green: count('green') },
  };
}

/**
 * Prints the host port the colour's service got for its one published port, e.g. from
 * `127.0.0.1:41235->8080/tcp`.
 */
export function portScript(composeProject: string, composeService: string): string {
  return [
    `docker ps --filter ${shellQuote(`label=com.docker.compose.project=${composeProject}`)}`,
    `--filter ${shellQuote(`label=com.docker.compose.service=${composeService}`)} --format '{{.Ports}}'`,
  ].join(' ');
}

/** The loopback port in `docker ps`'s Ports column, or undefined. */
export function parsePort(stdout: string): number | undefined {
  const match = /127\.0\.0\.1:(\d+)->/.exec(stdout) ?? /(?:0\.0\.0\.0|\[::\]|::):(\d+)->/.exec(stdout);
  return match ? Number(match[1]) : undefined;
}

/**
 * Health-checks a release on the host itself, on its own port (no traffic reaches it
 * through the proxy before this passes): a 2xx for `path` within `timeoutSeconds`, tried once
 * a second. curl when the host has it, else wget (busybox's too).
 */
export function healthScript(port: number, path: string, timeoutSeconds: number): string {
  const url = shellQuote(`http://127.0.0.1:${port}${path}`);
  return [
    `deadline=$(( $(date +%s) + ${Math.max(1, Math.ceil(timeoutSeconds))} ))`,
    'while :; do',
    `  if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null -m 5 ${url} && exit 0`,
    `  else wget -q -O /dev/null -T 5 ${url} && exit 0; fi`,
    '  [ "$(date +%s)" -ge "$deadline" ] && exit 1',
    '  sleep 1',
    'done',
  ].join('\n');
}

/** Writes standard input to the state file (a rename, never half a file). */
export function writeStateScript(project: ComposeProject, file: string): string {
  const target = shellQuote(file);
  const tmp = shellQuote(`${file}.tmp`);
  return [cdProject(project), `mkdir -p "$(dirname ${target})"`, `cat > ${tmp} && mv -f ${tmp} ${target}`].join('\n');
}
