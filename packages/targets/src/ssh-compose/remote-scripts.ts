import { shellJoin, shellQuote } from '../shell-quote';
import type { ServiceSlot } from '../types';

/**
 * The shell scripts ssh-compose runs on the host, one per step. Each is sent
 * as `sh -c '<script>'` so the remote user's login shell (bash, zsh, fish)
 * does not change how it is parsed. Values are quoted; the compose command is
 * the user's own command prefix and is inserted as written.
 */
export interface ComposeProject {
  projectDir: string;
  composeFile?: string;
  composeCommand: string;
}

/** Exit codes of the probe that mean "your settings point at nothing". */
export const PROBE_NO_PROJECT_DIR = 3;
export const PROBE_NO_COMPOSE_FILE = 4;

/** The compose files Compose reads without `-f`, checked for the image variables. */
const DEFAULT_COMPOSE_FILES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yaml',
  'docker-compose.override.yml',
];

export function asShCommand(script: string): string {
  return shellJoin(['sh', '-c', script]);
}

export function cdProject(project: ComposeProject): string {
  return `cd ${shellQuote(project.projectDir)} || exit ${PROBE_NO_PROJECT_DIR}`;
}

/** `<compose command> [-f FILE] <subcommand...> [-- SERVICE...]`: a service name is never read as an option. */
function composeLine(project: ComposeProject, subcommand: readonly string[], services: readonly string[]): string {
  const file = project.composeFile ? ` -f ${shellQuote(project.composeFile)}` : '';
  const names = services.length > 0 ? ` -- ${shellJoin(services)}` : '';
  return `${project.composeCommand}${file} ${shellJoin(subcommand)}${names}`;
}

/** The probe's line before a copy of `.env`, or the line saying there is none. */
export const ENV_FILE_PRESENT = 'envfile:present';
export const ENV_FILE_ABSENT = 'envfile:absent';

export interface ProbeFiles {
  /** The service set's state file. */
  stateFile: string;
  /** Today's single-image state file, when it may describe this set. */
  legacyStateFile?: string;
}

/**
 * Checks the project before anything changes and prints what runs now, one
 * tagged line each:
 * - `composefile:` the one compose file compose reads, in base64, when the
 *   compose command is a plain one (see readsComposeFile) and nothing but that
 *   file decides the services (no COMPOSE_FILE, COMPOSE_PROFILES or
 *   COMPOSE_ENV_FILES in the environment or `.env`): its services are read
 *   from it (composeFileServices), which saves starting compose on the host;
 * - otherwise `composeservices:` the services the compose file defines (`config --services`),
 *   or `composeconfig:exit:N` when that command failed;
 * - `novar:VAR` for each image variable no compose file mentions;
 * - `state:` / `legacystate:` the state file(s) of the last deploy-kit deploy;
 * - `env:VAR=value` each image variable in `.env` (hosts deployed by hand so far);
 * - with `withEnvFile` (a deploy), the whole `.env` after a marker line, to
 *   update it and to put it back if the deploy fails: one round trip instead
 *   of two before the first change.
 */
export function probeScript(
  project: ComposeProject,
  slots: readonly ServiceSlot[],
  files: ProbeFiles,
  options: { withEnvFile: boolean } = { withEnvFile: false },
): string {
  const checkFile = project.composeFile
    ? `[ -f ${shellQuote(project.composeFile)} ] || exit ${PROBE_NO_COMPOSE_FILE}`
    : ':';
  const composeFiles = project.composeFile
    ? `files=${shellQuote(project.composeFile)}`
    : `files=; for f in ${DEFAULT_COMPOSE_FILES.join(' ')}; do [ -f "$f" ] && files="$files $f"; done`;
  const variables = [...new Set(slots.map((slot) => slot.imageVariable))];
  const envFile = options.withEnvFile
    ? [`if [ -f .env ]; then echo ${ENV_FILE_PRESENT}; cat .env; else echo ${ENV_FILE_ABSENT}; fi`]
    : [];
  const listServices = composeServicesLine(project);
  // The compose files as arguments: a `-f` file quoted (it may hold a space), the default ones split.
  const fileArgs = project.composeFile ? shellQuote(project.composeFile) : '$files';
  // The one file compose reads: the `-f` file, else exactly one of the default files.
  const oneFile = project.composeFile ? `set -- ${fileArgs}` : 'set -- $files && [ $# -eq 1 ]';
  return [
    cdProject(project),
    checkFile,
    composeFiles,
    readsComposeFile(project)
      ? [
          `if [ -z "\${COMPOSE_FILE-}\${COMPOSE_PROFILES-}\${COMPOSE_ENV_FILES-}" ]`,
          `! grep -Eq '^[[:space:]]*(export[[:space:]]+)?COMPOSE_(FILE|PROFILES|ENV_FILES)[[:space:]]*=' .env 2>/dev/null`,
          oneFile,
          'command -v base64 >/dev/null 2>&1; then',
        ].join(' && ') + ` printf 'composefile:'; base64 < "$1" | tr -d '\\n'; echo; else ${listServices}; fi`
      : listServices,
    ...variables.map(
      (variable) =>
        `[ -z "$files" ] || grep -Eq ${shellQuote(`\\$\\{?${variable}([^A-Za-z0-9_]|$)`)} ${fileArgs} || echo 'novar:${variable}'`,
    ),
    `printf 'state:'; tr -d '\\n' 2>/dev/null < ${shellQuote(files.stateFile)}; echo`,
    ...(files.legacyStateFile
      ? [`printf 'legacystate:'; tr -d '\\n' 2>/dev/null < ${shellQuote(files.legacyStateFile)}; echo`]
      : []),
    ...variables.map(
      (variable) => `printf 'env:${variable}='; sed -n 's/^${variable}=//p' .env 2>/dev/null | tail -n 1; echo`,
    ),
    ...envFile,
  ].join('\n');
}

/**
 * `config --services` as one tagged line. A compose without it (podman-compose
 * 1.0) cannot list them: the line says so, and the deploy goes on unchecked.
 */
export function composeServicesLine(project: ComposeProject): string {
  return `if services=$(${composeLine(project, ['config', '--services'], [])}); then printf 'composeservices:'; printf '%s ' $services; echo; else echo "composeconfig:exit:$?"; fi`;
}

/** The compose commands that read the compose file as written (no options of the user's in front of the file). */
const PLAIN_COMPOSE_COMMANDS = new Set(['docker compose', 'docker-compose', 'podman compose', 'podman-compose']);

/**
 * Whether the probe may read the services from the compose file itself: only
 * with a plain compose command. A prefix of the user's own (`-f`, `--profile`,
 * `--env-file`, `sudo`, a wrapper script) can change what compose lists.
 */
export function readsComposeFile(project: ComposeProject): boolean {
  return PLAIN_COMPOSE_COMMANDS.has(project.composeCommand.trim().split(/\s+/).join(' '));
}

/** Replaces `.env` with standard input; private, since .env files often hold secrets. */
export function writeEnvFileScript(project: ComposeProject): string {
  return [cdProject(project), 'umask 077', 'cat > .env.deploy-kit-tmp && mv -f .env.deploy-kit-tmp .env'].join('\n');
}

/** What the script of envThenComposeScript prints once `.env` is written (the bench times the write by it). */
export const envWrittenLine = (variables: readonly string[]): string => `Set ${variables.join(', ')} in .env`;

/**
 * `.env` replaced with standard input (as writeEnvFileScript), then one
 * compose subcommand (as composeScript), in one remote command: the write
 * costs no round trip of its own on the deploy's critical path. `cat` reads
 * standard input to its end, so compose never sees it; if the write fails,
 * compose does not run.
 */
export function envThenComposeScript(
  project: ComposeProject,
  images: Readonly<Record<string, string>>,
  subcommand: readonly string[],
  services: readonly string[],
): string {
  return [
    cdProject(project),
    "(umask 077 && cat > .env.deploy-kit-tmp && mv -f .env.deploy-kit-tmp .env) || { echo 'could not write .env' >&2; exit 1; }",
    `echo ${shellQuote(envWrittenLine(Object.keys(images)))}`,
    composeScript(project, images, subcommand, services),
  ].join('\n');
}

export function removeEnvFileScript(project: ComposeProject): string {
  return [cdProject(project), 'rm -f .env'].join('\n');
}

/** Logs the host's container engine into the registry with the password read from standard input. */
export function loginScript(registry: string, username: string): string {
  return `docker login ${shellQuote(registry)} --username ${shellQuote(username)} --password-stdin`;
}

/**
 * One compose subcommand over every service at once, with each image
 * variable exported as well as written to `.env`: Docker Compose prefers the
 * environment, podman-compose 1.0 prefers `.env`, and both then agree. A
 * variable without a value (`undefined`) is unset, so `.env` decides.
 */
export function composeScript(
  project: ComposeProject,
  images: Readonly<Record<string, string | undefined>>,
  subcommand: readonly string[],
  services: readonly string[],
): string {
  const variables = Object.entries(images).map(([variable, imageRef]) =>
    imageRef === undefined ? `unset ${variable}` : `export ${variable}=${shellQuote(imageRef)}`,
  );
  return [cdProject(project), ...variables, composeLine(project, subcommand, services)].join('\n');
}

/** Writes standard input to a state file under the project. */
export function writeStateScript(project: ComposeProject, stateFile: string): string {
  const file = shellQuote(stateFile);
  const tmp = shellQuote(`${stateFile}.tmp`);
  return [cdProject(project), `mkdir -p "$(dirname ${file})"`, `cat > ${tmp} && mv -f ${tmp} ${file}`].join('\n');
}

/** `.env` with each variable set to its image, every other line kept as it was. */
export function withImageVariables(envFile: string | undefined, images: Readonly<Record<string, string>>): string {
  const lines = (envFile ?? '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const replaced = new Set<string>();
  const updated = lines.map((line) => {
    const variable = Object.keys(images).find((name) => new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(line));
    if (variable === undefined) return line;
    replaced.add(variable);
    return `${variable}=${images[variable]}`;
  });
  for (const [variable, imageRef] of Object.entries(images)) {
    if (!replaced.has(variable)) updated.push(`${variable}=${imageRef}`);
  }
  return `${updated.join('\n')}\n`;
}

/** The last value `.env` gives a variable (as `sed` in the probe reads it), or undefined. */
export function envValue(envFile: string | undefined, variable: string): string | undefined {
  const prefix = `${variable}=`;
  const values = (envFile ?? '')
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
  const last = values[values.length - 1];
  return last === undefined || last === '' ? undefined : last;
}
