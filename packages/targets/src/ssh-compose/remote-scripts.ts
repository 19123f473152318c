import { shellJoin, shellQuote } from '../shell-quote';

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
  services: readonly string[];
  imageVariable: string;
}

/** Where a deploy leaves a record of what it put on the host. */
export const STATE_FILE = '.deploy-kit/release.json';

/** Exit codes of the probe that mean "your inputs point at nothing". */
export const PROBE_NO_PROJECT_DIR = 3;
export const PROBE_NO_COMPOSE_FILE = 4;

export function asShCommand(script: string): string {
  return shellJoin(['sh', '-c', script]);
}

function cdProject(project: ComposeProject): string {
  return `cd ${shellQuote(project.projectDir)} || exit ${PROBE_NO_PROJECT_DIR}`;
}

/** The probe's line before a copy of `.env`, or the line saying there is none. */
export const ENV_FILE_PRESENT = 'envfile:present';
export const ENV_FILE_ABSENT = 'envfile:absent';

/**
 * Checks the project exists and prints what runs now: the state file of the
 * last deploy-kit deploy and, for hosts deployed by hand so far, the image
 * variable from `.env`. With `withEnvFile` (a deploy), also the whole `.env`
 * after a marker line, to update it and to put it back if the deploy fails:
 * one round trip instead of two before the first change.
 */
export function probeScript(
  project: ComposeProject,
  options: { withEnvFile: boolean } = { withEnvFile: false },
): string {
  const checkFile = project.composeFile
    ? `[ -f ${shellQuote(project.composeFile)} ] || exit ${PROBE_NO_COMPOSE_FILE}`
    : ':';
  const envFile = options.withEnvFile
    ? [`if [ -f .env ]; then echo ${ENV_FILE_PRESENT}; cat .env; else echo ${ENV_FILE_ABSENT}; fi`]
    : [];
  return [
    cdProject(project),
    checkFile,
    `printf 'state:'; tr -d '\\n' 2>/dev/null < ${STATE_FILE}; echo`,
    `printf 'env:'; sed -n 's/^${project.imageVariable}=//p' .env 2>/dev/null | tail -n 1; echo`,
    ...envFile,
  ].join('\n');
}

/** Replaces `.env` with standard input; private, since .env files often hold secrets. */
export function writeEnvFileScript(project: ComposeProject): string {
  return [cdProject(project), 'umask 077', 'cat > .env.deploy-kit-tmp && mv -f .env.deploy-kit-tmp .env'].join('\n');
}

export function removeEnvFileScript(project: ComposeProject): string {
  return [cdProject(project), 'rm -f .env'].join('\n');
}

/** Logs the host's container engine into the registry with the password read from standard input. */
export function loginScript(registry: string, username: string): string {
  return `docker login ${shellQuote(registry)} --username ${shellQuote(username)} --password-stdin`;
}

/**
 * One compose subcommand with the image variable set in its environment as
 * well as in `.env`: Docker Compose prefers the environment, podman-compose
 * 1.0 prefers `.env`, and both then agree.
 */
export function composeScript(project: ComposeProject, imageRef: string, subcommand: readonly string[]): string {
  const file = project.composeFile ? `-f ${shellQuote(project.composeFile)} ` : '';
  const line = `${project.imageVariable}=${shellQuote(imageRef)} ${project.composeCommand} ${file}${shellJoin([...subcommand, ...project.services])}`;
  return [cdProject(project), line].join('\n');
}

export function writeStateScript(project: ComposeProject): string {
  return [
    cdProject(project),
    'mkdir -p .deploy-kit',
    `cat > ${STATE_FILE}.tmp && mv -f ${STATE_FILE}.tmp ${STATE_FILE}`,
  ].join('\n');
}

/** `.env` with the image variable set to `imageRef`, every other line kept as it was. */
export function withImageVariable(envFile: string | undefined, variable: string, imageRef: string): string {
  const assignment = `${variable}=${imageRef}`;
  const lines = (envFile ?? '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const pattern = new RegExp(`^\\s*(export\\s+)?${variable}\\s*=`);
  let replaced = false;
  const updated = lines.map((line) => {
    if (!pattern.test(line)) return line;
    replaced = true;
    return assignment;
  });
  if (!replaced) updated.push(assignment);
  return `${updated.join('\n')}\n`;
}
