import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';
import { readActionMetadata, type ActionMetadata } from './action-metadata';
import { Cancellation } from './cancellation';
import { interpolateString, type Contexts } from './expressions';
import { createStepFiles } from './file-commands';
import { createLineHandler, type Log } from './log-lines';
import { Masker } from './masker';
import { spawnLogged } from './spawn-logged';

export interface LocalActionOptions {
  /** Folder holding the action's action.yml. */
  actionDir: string;
  /** Inputs by their action.yml names, as `with:` gives them. */
  inputs: Record<string, string>;
  event: Record<string, unknown>;
  /** The job's environment: GITHUB_* variables, plus workflow/job/step `env:`. */
  env: Record<string, string>;
  /** Contexts for evaluating `${{ }}` in input defaults (github, env, ...). */
  contexts: Contexts;
  workspace: string;
  log: Log;
  masker?: Masker;
  debug?: boolean;
  timeoutMs?: number;
  /** Where a Ctrl-C is forwarded and remembered; one per run. */
  cancellation?: Cancellation;
}

export interface LocalActionResult {
  exitCode: number;
  outputs: Record<string, string>;
  /** Variables the action exported through GITHUB_ENV. */
  exportedEnv: Record<string, string>;
  summary: string;
  /** Everything printed, after masking. */
  log: string;
}

/** The runner's environment variable for an input: spaces to `_`, upper case. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Resolves every input as the runner does: the given value, else the default
 * from action.yml with its `${{ }}` evaluated. Unknown inputs are warned about
 * (as the runner does); a required input left empty is refused before start.
 */
export function resolveInputs(
  meta: ActionMetadata,
  given: Record<string, string>,
  contexts: Contexts,
  log: Log,
): Record<string, string> {
  const known = new Set(meta.inputs.map((input) => input.name));
  const unexpected = Object.keys(given).filter((name) => !known.has(name));
  if (unexpected.length) {
    log(`Warning: Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${[...known].join("', '")}']`);
  }
  const values: Record<string, string> = {};
  for (const input of meta.inputs) {
    const value = given[input.name] ?? (input.default === undefined ? '' : interpolateString(input.default, contexts));
    values[input.name] = value;
  }
  const missing = meta.inputs.filter((input) => input.required && values[input.name] === '').map((i) => i.name);
  if (missing.length) {
    throw new UserError(`Input required and not supplied: ${missing.join(', ')} (action ${meta.name})`);
  }
  return values;
}

function clearInheritedInputs(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('INPUT_')));
}

/**
 * Runs a JavaScript action's entry with node, the way the GitHub runner does:
 * INPUT_* variables, file commands (GITHUB_OUTPUT, GITHUB_ENV,
 * GITHUB_STEP_SUMMARY), the event payload in GITHUB_EVENT_PATH.
 */
export async function runLocalAction(options: LocalActionOptions): Promise<LocalActionResult> {
  const meta = readActionMetadata(options.actionDir);
  if (!existsSync(meta.main)) {
    const shown = relative(process.cwd(), meta.main) || meta.main;
    throw new UserError(`The action's bundle ${shown} does not exist: build it first (npm run build)`);
  }
  const masker = options.masker ?? new Masker();
  const inputs = resolveInputs(meta, options.inputs, options.contexts, options.log);
  const files = createStepFiles(options.event);
  try {
    const env: NodeJS.ProcessEnv = {
      ...clearInheritedInputs(process.env),
      ...options.env,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_PATH: files.path,
      GITHUB_STATE: files.state,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_ACTION_PATH: meta.dir,
      RUNNER_TEMP: files.dir,
      ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
    };
    for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
    const printed: string[] = [];
    const handle = createLineHandler({
      log: (line) => {
        printed.push(line);
        options.log(line);
      },
      masker,
      debug: options.debug ?? false,
    });
    const exitCode = await spawnAction(
      meta.main,
      env,
      options.workspace,
      handle,
      options.timeoutMs ?? 30 * 60_000,
      options.cancellation ?? new Cancellation(),
    );
    const result = files.read();
    return {
      exitCode,
      outputs: result.outputs,
      exportedEnv: result.env,
      summary: masker.mask(result.summary),
      log: printed.join('\n'),
    };
  } finally {
    files.remove();
  }
}

async function spawnAction(
  entry: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  onLine: (line: string) => void,
  timeoutMs: number,
  cancellation: Cancellation,
): Promise<number> {
  const outcome = await spawnLogged(process.execPath, [entry], { cwd, env, onLine, timeoutMs, cancellation });
  if (outcome.kind === 'not-started') throw outcome.error;
  if (outcome.kind === 'timed-out') {
    onLine(`Error: the action ran longer than ${Math.round(timeoutMs / 1000)}s and was stopped`);
    return 128; // killed by a signal, as the shell reports it
  }
  return outcome.code;
}
