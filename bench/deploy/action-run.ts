import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { actionNode, inputVariable } from '../../test/support/run-bundled-action';

/** One line the action printed, with when the bench read it (performance.now()). */
export interface TimedLine {
  at: number;
  text: string;
}

export interface TimedRun {
  startedAt: number;
  exitedAt: number;
  exitCode: number;
  lines: TimedLine[];
}

/**
 * Runs a bundled action as the runner does (INPUT_* variables, output and
 * summary files, RUNNER_TEMP) and stamps every line as it arrives, so the
 * bench can tell where the time went.
 */
export function runTimed(
  entry: string,
  inputs: Record<string, string>,
  extraEnv: NodeJS.ProcessEnv,
): Promise<TimedRun> {
  const work = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-deploy-run-'));
  for (const file of ['output', 'summary', 'event.json'])
    writeFileSync(join(work, file), file === 'event.json' ? '{}' : '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RUNNER_TEMP: work,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    GITHUB_EVENT_PATH: join(work, 'event.json'),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'Deploy',
    ...extraEnv,
  };
  for (const [input, value] of Object.entries(inputs)) env[inputVariable(input)] = value;
  const lines: TimedLine[] = [];
  const startedAt = performance.now();
  return new Promise<TimedRun>((resolve, reject) => {
    const child = spawn(actionNode(), [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = () => {
      let partial = '';
      return (chunk: Buffer) => {
        const at = performance.now();
        const parts = (partial + chunk.toString()).split('\n');
        partial = parts.pop() ?? '';
        for (const text of parts) lines.push({ at, text });
      };
    };
    child.stdout.on('data', collect());
    child.stderr.on('data', collect());
    const timer = setTimeout(() => child.kill('SIGTERM'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ startedAt, exitedAt: performance.now(), exitCode: code ?? 1, lines });
    });
  }).finally(() => rmSync(work, { recursive: true, force: true }));
}

/** A `::group::TITLE` ... `::endgroup::` span of the log. */
export interface Span {
  title: string;
  start: number;
  end: number;
}

export function groups(run: TimedRun): Span[] {
  const spans: Span[] = [];
  let open: { title: string; start: number } | undefined;
  for (const { at, text } of run.lines) {
    if (text.startsWith('::group::')) open = { title: text.slice('::group::'.length), start: at };
    else if (text.startsWith('::endgroup::') && open) {
      spans.push({ ...open, end: at });
      open = undefined;
    }
  }
  return spans;
}

/** Time inside the given spans that falls between from and to. */
export function timeInside(spans: Span[], from: number, to: number): number {
  return spans.reduce((sum, span) => sum + Math.max(0, Math.min(span.end, to) - Math.max(span.start, from)), 0);
}

/**
 * The line the remote command prints once it has written `.env`, where `.env` and the pull
 * run as one remote command (`set IMAGE in .env, docker compose pull`).
 */
export const ENV_WRITTEN = /^Set \S.* in \.env$/;

/**
 * The remote compose commands (pull, up) and the health checks: the time deploy-kit waits on
 * others. A pull group that writes `.env` first waits only from the line saying `.env` is
 * written: the write before it is deploy-kit's own time.
 */
export function waitingSpans(run: TimedRun): Span[] {
  return groups(run)
    .filter((span) => / (pull|up -d)$/.test(span.title) || span.title.startsWith('Health check'))
    .map((span) => {
      if (!span.title.endsWith(' pull')) return span;
      const written = run.lines.find(
        (line) => line.at >= span.start && line.at <= span.end && ENV_WRITTEN.test(line.text),
      );
      return written ? { ...span, start: written.at } : span;
    });
}
