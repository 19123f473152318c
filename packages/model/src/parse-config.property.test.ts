import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { formatProblem } from './format';
import { parseConfig } from './parse-config';

// Whatever a user writes, the loader answers with data: never a thrown error, and every problem
// is exactly one line placed inside the file.
function answersWithData(text: string): void {
  const result = parseConfig(text, { file: 'deploy-kit.yml', repository: 'acme/shop' });
  if (result.kind !== 'invalid') return;
  const lineCount = text.split('\n').length;
  for (const problem of result.problems) {
    expect(formatProblem(problem)).not.toMatch(/[\r\n]/);
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(lineCount + 1);
  }
}

/** Fixed, so a failure is reproduced by running the test again; fast-check prints the shrunk case. */
const SEED = 20261130;

const keys = fc.constantFrom(
  'services',
  'environments',
  'api',
  'staging',
  'target',
  'kind',
  'ssh-compose',
  'hosts',
  'health',
  'on',
  'token',
  'image',
  'Prod\nuction',
);

describe('parseConfig on anything', () => {
  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), answersWithData), { numRuns: 300, seed: SEED });
  });

  it('arbitrary YAML built from the file’s own words', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('release', 'prerelease', 'https://example.com/', 'deploy', '/opt/app', 22, true, null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(keys, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (data) => answersWithData(stringify(data))),
      { numRuns: 300, seed: SEED },
    );
  });
});
