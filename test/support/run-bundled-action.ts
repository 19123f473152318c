import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFileCommands } from '@deploy-kit/local-runner';

const root = resolve(import.meta.dirname, '../..');

export interface BundledActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Every line the action printed, stdout then stderr. */
  log: string;
}

export interface RunOptions {
  /** Action inputs by their action.yml names; unset ones are left out, as the runner does. */
  inputs?: Record<string, string>;
  /** The event payload, written to a file for GITHUB_EVENT_PATH. */
  event?: unknown;
  eventName?: string;
  /** Extra environment (GITHUB_SHA, DOCKER_HOST, ...). */
  env?: NodeJS.ProcessEnv;
  /** Kill the action after this long; the test then fails on the exit code. */
  timeoutMs?: number;
  /** Path of the bundle; defaults to dist/<name>/index.js. */
  entry?: string;
  /** Cancel the run as the runner does when a job is cancelled. */
  cancel?: CancelOptions;
  /**
   * Change the world mid-run once the log shows the action got that far (e.g. replace the app
   * once the check has seen the old one), instead of guessing how long that takes.
   */
  during?: { when: RegExp; then: () => void | Promise<void> };
}

export interface CancelOptions {
  /** Once the log (stdout and stderr) matches this... */
  when: RegExp;
  /** ...awaits this (e.g. to check the state mid-run; a throw fails the run's promise, after cleanup)... */
  before?: () => void | Promise<void>;
  /** ...then sends these signals to the action, in order (the runner sends SIGINT, then SIGTERM). */
  signals: NodeJS.Signals[];
}

/** The runner's environment variable for an input: spaces to `_`, upper case. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Runs a bundled action (`node dist/<name>/index.js`) the way the GitHub
 * runner does: inputs as INPUT_* variables, the event payload in a file, and
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files read back afterwards.
 */
export async function runBundledAction(name: string, options: RunOptions = {}): Promise<BundledActionRun> {
  const work = mkdtempSync(join(tmpdir(), `deploy-kit-${name}-`));
  try {
    const outputFile = join(work, 'output');
    const summaryFile = join(work, 'summary');
    const eventFile = join(work, 'event.json');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    writeFileSync(eventFile, JSON.stringify(options.event ?? {}));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RUNNER_TEMP: work,
      RUNNER_DEBUG: '1',
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_EVENT_NAME: options.eventName ?? 'workflow_dispatch',
      GITHUB_REPOSITORY: 'octo-org/hello-world',
      GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_ACTOR: 'octocat',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_RUN_ID: '1658821493',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW: 'Deploy',
      ...options.env,
    };
    for (const [input, value] of Object.entries(options.inputs ?? {})) env[inputVariable(input)] = value;
    const entry = options.entry ?? join(root, 'dist', name, 'index.js');
    // A mid-run change is a cancellation that sends no signal.
    const hook =
      options.cancel ?? (options.during && { when: options.during.when, before: options.during.then, signals: [] });
    const { exitCode, stdout, stderr } = await spawnNode(entry, env, options.timeoutMs ?? 300_000, hook);
    return {
      exitCode,
      stdout,
      stderr,
      log: `${stdout}${stderr}`,
      outputs: parseFileCommands(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The Node.js that runs bundled actions. The runner runs them on Node 24
 * (`runs.using: node24`); `npm test` sets DEPLOY_KIT_ACTION_NODE to a Node 24
 * binary so the bundles are tested on it while jest itself runs on the
 * machine's Node.
 */
export function actionNode(): string {
  return process.env.DEPLOY_KIT_ACTION_NODE || process.execPath;
}

function spawnNode(
  entry: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  cancel?: CancelOptions,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    // Its own process group when cancelled, so whatever the action started can be ended with it.
    const child = spawn(actionNode(), [entry], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: Boolean(cancel) });
    let stdout = '';
    let stderr = '';
    let cancelling: Promise<void> | undefined;
    let hookError: unknown;
    const onOutput = () => {
      if (!cancel || cancelling || !cancel.when.test(`${stdout}${stderr}`)) return;
      cancelling = (async () => {
        try {
          await cancel.before?.();
        } catch (error) {
          hookError = error;
        }
        for (const signal of cancel.signals) child.kill(signal);
      })();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onOutput();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      void (cancelling ?? Promise.resolve()).then(() => {
        if (cancel && child.pid) killGroup(child.pid);
        if (hookError !== undefined) fail(hookError);
        else done({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
      });
    });
  });
}

/** Ends what a cancelled action left running in its process group (a target's script, say). */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/** Every place a secret could leak from a run, joined for scanning. */
export function everythingPrinted(run: BundledActionRun): string {
  return [run.log, run.summary, ...Object.values(run.outputs)].join('\n');
}

/** Returns the secrets (or their non-trivial lines) that appear in the text. */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  const leaked: string[] = [];
  for (const secret of secrets) {
    const pieces = [
      secret,
      ...secret
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length >= 8),
    ];
    if (pieces.some((piece) => piece && text.includes(piece))) leaked.push(secret.slice(0, 4) + '…');
  }
  return leaked;
}

/**
 * What a user sees of a run: every printed line except the runner's own
 * `::add-mask::` commands, which it consumes and never displays (they are how
 * it learns the secrets), plus the outputs and the job summary.
 */
export function visibleOutput(run: BundledActionRun): string {
  const lines = run.log.split('\n').filter((line) => !line.startsWith('::add-mask::'));
  return [...lines, run.summary, ...Object.values(run.outputs)].join('\n');
}
