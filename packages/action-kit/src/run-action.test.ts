import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { InputError, UserError } from './errors';
import { runAction } from './run-action';

// The runner reads workflow commands from stdout, so that is what a user sees.
let printed: string[];
let writeSpy: ReturnType<typeof jest.spyOn>;

beforeEach(() => {
  printed = [];
  writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  writeSpy.mockRestore();
  process.exitCode = undefined;
});

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
