import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { ACTIONS, baselines, inputsOf, jobEnv, makeContext, type ActionName, type Inputs } from './adapters';
import { inputKind } from './input-kinds';
import { malformed } from './malformed';
import { startRecordingPeer, type RecordingPeer } from './peer';

const SEED = 20261130;
/** Per action: each is a real `node dist/<action>/index.js` run, so a sample, not thousands. */
const RUNS_PER_ACTION = 20;
/** Two at a time: the machine has two cores. */
const PARALLEL = 2;

interface BadCase {
  input: string;
  value: string;
}

/** The cases reported in the issue, run every time. */
const REPORTED: Partial<Record<ActionName, BadCase[]>> = {
  'pre-deploy-check': [{ input: 'environment', value: 'prod\n::error::x' }],
  'health-check': [
    { input: 'interval', value: '999999999h' },
    { input: 'timeout', value: '999999999999h' },
    { input: 'method', value: 'FETCH' },
  ],
  rollback: [{ input: 'headers', value: 'NoColon' }],
};

/** A sample of generated bad values (no NUL: an environment variable cannot carry one). */
function sampleCases(action: ActionName): BadCase[] {
  const generators = inputsOf(action).flatMap((input) => {
    const kind = inputKind(action, input);
    const values = kind && malformed(input, kind, { nul: false });
    return values ? [values.map((value) => ({ input, value }))] : [];
  });
  return [...(REPORTED[action] ?? []), ...fc.sample(fc.oneof(...generators), { numRuns: RUNS_PER_ACTION, seed: SEED })];
}

/** What is wrong with a run for one bad value, as a user would see it; empty when it was refused cleanly. */
function problems(run: BundledActionRun, input: string): string[] {
  const found: string[] = [];
  const lines = run.log.split('\n');
  const errors = lines.filter((line) => line.startsWith('::error::'));
  if (run.exitCode === 0) found.push('exit code 0');
  if (errors.length !== 1) found.push(`${errors.length} ::error:: lines: ${JSON.stringify(errors)}`);
  else if (!errors[0]?.startsWith(`::error::Input "${input}" `))
    found.push(`error does not name the input: ${errors[0]}`);
  const stack = lines.find((line) => /^\s+at .+:\d+:\d+\)?$/.test(line) || line.includes('%0A    at '));
  if (stack) found.push(`a stack trace: ${stack}`);
  const command = run.summary.split('\n').find((line) => line.startsWith('::'));
  if (command) found.push(`a workflow command in the summary: ${command}`);
  return found;
}

async function inPool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

/**
 * The real bundles given bad values: each run exits non-zero with exactly one
 * `::error::` line naming the input, no stack, and the local peer (standing
 * in for GitHub's API, the registry, the webhook, the health URL and the ssh
 * port) sees no connection at all.
 */
describe('every bad input is refused cleanly by the bundled actions (sampled)', () => {
  let peer: RecordingPeer;
  let context: string;
  let valid: Record<ActionName, Inputs>;
  let runs = 0;

  beforeAll(async () => {
    peer = await startRecordingPeer();
    context = makeContext();
    valid = baselines(peer, context);
  });
  afterAll(async () => {
    rmSync(context, { recursive: true, force: true });
    await peer?.stop();
    console.log(`every-bad-input properties: ${runs} bundled action runs with a bad input`);
  });

  it.each(ACTIONS)('%s: one ::error:: line naming the input, no stack, nothing contacted', async (action) => {
    const cases = sampleCases(action);
    const failures = await inPool(cases, PARALLEL, async ({ input, value }) => {
      const run = await runBundledAction(action, {
        inputs: { ...valid[action], [input]: value },
        env: jobEnv(peer),
        timeoutMs: 60_000,
      });
      runs += 1;
      const found = problems(run, input);
      return found.length ? [`${input}=${JSON.stringify(value)}: ${found.join('; ')}`] : [];
    });
    expect(failures.flat()).toEqual([]);
    expect(peer.connections()).toBe(0);
    expect(peer.requests).toEqual([]);
  });
});
