import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { InputError, UserError } from './errors';
import type { CancelledError } from './run-action';
import { runAction as runActionIn, type RunActionOptions } from './run-action';

// The runner reads workflow commands from stdout, so that is what a user sees.
let printed: string[];
// Signals and crashes come from this emitter, so the tests never touch jest's own process listeners.
let events: EventEmitter;
let exits: number[];
let writeSpy: ReturnType<typeof jest.spyOn>;

beforeEach(() => {
  printed = [];
  events = new EventEmitter();
  exits = [];
  writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  writeSpy.mockRestore();
  process.exitCode = undefined;
});

const runAction = (run: (signal: AbortSignal) => Promise<void>, options: RunActionOptions = {}) =>
  runActionIn(run, { events, exit: (code) => exits.push(code), ...options });

const errorLines = () =>
  printed
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('::error::'));
const debugLines = () =>
  printed
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('::debug::'));

describe('runAction', () => {
  it('leaves the step green when run() succeeds', async () => {
    await runAction(async () => {});
    expect(process.exitCode).toBeUndefined();
    expect(errorLines()).toEqual([]);
  });

  it('turns a user error into one error line without a stack', async () => {
    await runAction(async () => {
      throw new InputError('image', 'must be lower case');
    });
    expect(process.exitCode).toBe(1);
    expect(errorLines()).toEqual(['::error::Input "image" must be lower case']);
    expect(debugLines()).toEqual([]);
  });

  it('fails a bug with its message and keeps the stack in debug output', async () => {
    await runAction(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(process.exitCode).toBe(1);
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]).toContain('cannot read properties of undefined');
    expect(debugLines().join('\n')).toContain('TypeError: cannot read properties of undefined');
  });

  it.each([['a string'], [{ code: 42 }], [undefined]])(
    'never leaves the step green for a non-Error throw: %j',
    async (thrown) => {
      await runAction(async () => {
        throw thrown;
      });
      expect(process.exitCode).toBe(1);
      expect(errorLines()).toHaveLength(1);
    },
  );

  it('reports the causes of a bug in debug output', async () => {
    await runAction(async () => {
      throw new Error('deploy failed', { cause: new UserError('ssh: connection refused') });
    });
    expect(debugLines().join('\n')).toContain('Caused by: UserError: ssh: connection refused');
  });
});

/** Resolves once the run sees its signal abort, with the abort's reason. */
function untilAborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

describe('runAction when the job is cancelled', () => {
  it('aborts the run on SIGINT, lets it finish its report, and exits 1 with one error line', async () => {
    const seen: string[] = [];
    const done = runAction(async (signal) => {
      const reason = await untilAborted(signal);
      seen.push(`aborted by ${(reason as CancelledError).by}`);
      // The runner's SIGTERM follows while the run is still writing its outputs: it changes nothing.
      events.emit('SIGTERM', 'SIGTERM');
      await new Promise((resolve) => setImmediate(resolve));
      seen.push('report written');
      throw reason;
    });
    events.emit('SIGINT', 'SIGINT');
    await done;
    expect(seen).toEqual(['aborted by SIGINT', 'report written']);
    expect(exits).toEqual([1]);
    expect(errorLines()).toEqual(['::error::Cancelled (SIGINT)']);
  });

  it('fails a cancelled run even when it returns normally', async () => {
    const done = runAction(async (signal) => {
      await untilAborted(signal);
    });
    events.emit('SIGTERM', 'SIGTERM');
    await done;
    expect(exits).toEqual([1]);
    expect(errorLines()).toEqual(['::error::Cancelled (SIGTERM)']);
  });

  it('exits 1 after the grace period when the run does not stop', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      void runAction(() => new Promise<void>(() => undefined), { graceMs: 1000 });
      events.emit('SIGINT', 'SIGINT');
      expect(exits).toEqual([]);
      jest.advanceTimersByTime(1000);
      expect(exits).toEqual([1]);
      expect(errorLines()).toEqual(['::error::Cancelled (SIGINT); the step did not finish within 1s of it']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('turns a crash into a cancellation the run can still clean up after, reported once', async () => {
    let reason: unknown;
    const done = runAction(async (signal) => {
      reason = await untilAborted(signal);
      throw reason;
    });
    events.emit('unhandledRejection', new TypeError('x is not a function'));
    await done;
    expect((reason as CancelledError).message).toBe('Crashed: x is not a function');
    expect(exits).toEqual([1]);
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]).toContain('x is not a function (this looks like a bug in deploy-kit');
  });

  it('keeps the outcome of a finished run when a signal arrives afterwards', async () => {
    await runAction(async () => {});
    events.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([0]);
    expect(errorLines()).toEqual([]);
  });
});
