import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { columnTableNames, readActionMetadata, repoRoot } from '../support/action-docs';

// What every action shares is in test/actions/metadata.test.ts; this is build-image's own.
describe('build-image README', () => {
  it('documents the inputs and outputs in action.yml order', () => {
    const metadata = readActionMetadata('build-image');
    const readme = readFileSync(join(repoRoot, 'build-image/README.md'), 'utf8');
    expect(columnTableNames(readme, 'Input')).toEqual(Object.keys(metadata.inputs));
    expect(columnTableNames(readme, 'Output')).toEqual(Object.keys(metadata.outputs));
  });
});
