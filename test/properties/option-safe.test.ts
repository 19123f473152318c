import { describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@deploy-kit/action-kit';
import { readBuildImageInputs } from '../../actions/build-image/inputs';

/**
 * A value that reaches a command line never reads as an option: a build
 * context named `-ctx` is refused even though the directory exists, and
 * `./-ctx` (the same directory) is accepted.
 */
describe('build-image context that would read as an option', () => {
  it('is refused even when a directory of that name exists; ./ in front is accepted', () => {
    const work = mkdtempSync(join(tmpdir(), 'deploy-kit-option-safe-'));
    const here = process.cwd();
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      mkdirSync(join(work, '-ctx'));
      writeFileSync(join(work, '-ctx', 'Dockerfile'), 'FROM scratch\n');
      process.chdir(work);
      const read = (context: string) =>
        readBuildImageInputs({ getInput: (name) => (name === 'context' ? context : '') });
      expect(() => read('-ctx')).toThrow(InputError);
      expect(() => read('-ctx')).toThrow(
        'Input "context" must not start with "-" (write ./-ctx for a directory named so)',
      );
      expect(read('./-ctx').context).toBe('./-ctx');
    } finally {
      process.chdir(here);
      jest.restoreAllMocks();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
