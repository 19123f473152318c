import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { InputError, toError } from '@deploy-kit/action-kit';
import { ACTIONS, ADAPTERS, baselines, inputsOf, jobEnv, makeContext, type ActionName, type Inputs } from './adapters';
import { inputKind } from './input-kinds';
import { malformed } from './malformed';
import { startRecordingPeer, type RecordingPeer } from './peer';

/** Fixed, so a failure is reproduced by running the test again; fast-check prints the shrunk case. */
const SEED = 20261130;
const RUNS_PER_ACTION = 1000;

/** Runs the adapter; returns what it threw, or undefined when it accepted the inputs. */
async function refusal(run: () => void | Promise<void>): Promise<Error | undefined> {
  try {
    await run();
    return undefined;
  } catch (thrown) {
    return toError(thrown);
  }
}

/**
 * Every input of every action, given generated bad values in-process: each is
 * refused with an InputError naming that input, on one line, before anything
 * is contacted. Thousands of cases; the count is printed.
 */
describe('every bad input is refused cleanly (in-process, generated values)', () => {
  let peer: RecordingPeer;
  let context: string;
  let env: NodeJS.ProcessEnv;
  let valid: Record<ActionName, Inputs>;
  let cases = 0;

  beforeAll(async () => {
    peer = await startRecordingPeer();
    context = makeContext();
    env = jobEnv(peer);
    valid = baselines(peer, context);
    // The adapters register secrets with the runner (`::add-mask::` on stdout): not this test's output.
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    rmSync(context, { recursive: true, force: true });
    await peer?.stop();
    console.log(`every-bad-input properties: ${cases} generated bad values checked in-process`);
  });

  it.each(ACTIONS)('%s: every action.yml input has a kind to generate bad values from', (action) => {
    expect(inputsOf(action).filter((name) => inputKind(action, name) === undefined)).toEqual([]);
  });

  it.each(ACTIONS)('%s: the baseline inputs are accepted (so a refusal is the bad value alone)', async (action) => {
    expect(await refusal(() => ADAPTERS[action](valid[action], env))).toBeUndefined();
  });

  it.each(ACTIONS)('%s: a bad value in any input is an InputError naming it, on one line', async (action) => {
    const names = inputsOf(action);
    const generators = names.flatMap((name) => {
      const kind = inputKind(action, name);
      const values = kind && malformed(name, kind, { nul: true });
      return values ? [values.map((value) => ({ name, value }))] : [];
    });
    expect(generators).toHaveLength(names.length);
    await fc.assert(
      fc.asyncProperty(fc.oneof(...generators), async ({ name, value }) => {
        cases += 1;
        const error = await refusal(() => ADAPTERS[action]({ ...valid[action], [name]: value }, env));
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).input).toBe(name);
        expect(error?.message).toMatch(new RegExp(`^Input "${name}" `));
        expect(error?.message).not.toMatch(/[\r\n\0]/);
      }),
      { numRuns: RUNS_PER_ACTION, seed: SEED },
    );
    expect(peer.connections()).toBe(0);
  });
});
