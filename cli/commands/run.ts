import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ArgumentError,
  Masker,
  findToolkitRoot,
  githubContext,
  guessEventName,
  pairs,
  parseArgs,
  readJsonObject,
  runLocalAction,
  runnerEnvironment,
  single,
} from '@deploy-kit/local-runner';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: deploy-kit run <action> [--input name=value ...] [--event payload.json] [--event-name NAME]
                      [--env NAME=VALUE ...] [--debug]

Runs a bundled action (dist/<action>/index.js) exactly as the GitHub runner does: defaults from
<action>/action.yml (with their \${{ }} evaluated), INPUT_* variables, GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY and GITHUB_ENV files, the event payload in GITHUB_EVENT_PATH. Prints the
action's log, then its outputs and job summary. The exit code is the action's.

  <action>              a deploy-kit action name (build-image, deploy, ...) or a path to a folder with action.yml
  --input name=value    an input, as in with: (repeatable)
  --event FILE          the event payload (JSON); default {}
  --event-name NAME     GITHUB_EVENT_NAME; default guessed from the payload
  --env NAME=VALUE      an environment variable for the action (repeatable), e.g. GITHUB_TOKEN, GITHUB_SHA
  --debug               show debug lines (RUNNER_DEBUG=1)`;

/** deploy-kit's actions: the folders of its checkout that hold an action.yml. */
function actionNames(toolkitRoot: string): string[] {
  return readdirSync(toolkitRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name))
    .filter((entry) => existsSync(join(toolkitRoot, entry.name, 'action.yml')))
    .map((entry) => entry.name)
    .sort();
}

function actionDir(name: string, toolkitRoot: string): string {
  const asPath = resolve(name);
  if ((name.includes('/') || name.startsWith('.')) && existsSync(asPath)) return asPath;
  const own = resolve(toolkitRoot, name);
  if (/^[a-z0-9-]+$/.test(name) && existsSync(join(own, 'action.yml'))) return own;
  throw new UsageError(
    `no action "${name}": the actions are ${actionNames(toolkitRoot).join(', ')}, or give a folder holding action.yml`,
  );
}

function section(title: string, body: string): void {
  console.log(`\n── ${title} ──`);
  console.log(body);
}

async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['input', 'event', 'event-name', 'env'], flags: ['debug'] });
  } catch (error) {
    if (error instanceof ArgumentError) throw new UsageError(error.message);
    throw error;
  }
  const [name, ...extra] = parsed.positional;
  if (!name) throw new UsageError('name the action to run');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const toolkitRoot = findToolkitRoot(import.meta.dirname);
  const dir = actionDir(name, toolkitRoot);
  let inputs, env, event;
  try {
    inputs = pairs(parsed.values.get('input'), 'input');
    env = pairs(parsed.values.get('env'), 'env');
    const eventFile = single(parsed, 'event');
    event = eventFile ? readJsonObject(eventFile, 'event') : {};
  } catch (error) {
    if (error instanceof ArgumentError) throw new UsageError(error.message);
    throw error;
  }
  const eventName = single(parsed, 'event-name') ?? guessEventName(event);
  const workspace = process.cwd();
  const runnerEnv = runnerEnvironment({ eventName, event, workspace, overrides: env });
  const token = env.GITHUB_TOKEN ?? process.env.GITHUB_TOKEN ?? '';
  const masker = new Masker();
  masker.add(token);
  const result = await runLocalAction({
    actionDir: dir,
    inputs,
    event,
    env: runnerEnv,
    contexts: { github: githubContext(runnerEnv, event, token), env: {}, runner: { os: 'Linux', arch: 'X64' } },
    workspace,
    log: (line) => console.log(line),
    masker,
    debug: parsed.flags.has('debug'),
  });
  const outputs = Object.entries(result.outputs);
  section('outputs', outputs.length ? outputs.map(([k, v]) => `${k}=${masker.mask(v)}`).join('\n') : '(none)');
  section('job summary', result.summary.trim() || '(none)');
  console.log(`\n${result.exitCode === 0 ? 'Succeeded' : `Failed (exit code ${result.exitCode})`}`);
  return result.exitCode;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run one bundled action locally, as the GitHub runner does',
  usage,
  run,
};
