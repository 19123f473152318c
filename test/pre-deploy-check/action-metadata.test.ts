import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { preDeployCheckFields } from '../../actions/pre-deploy-check/inputs';

const root = resolve(import.meta.dirname, '../..');
const metadata = parse(readFileSync(join(root, 'pre-deploy-check/action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
};
const readme = readFileSync(join(root, 'pre-deploy-check/README.md'), 'utf8');

describe('pre-deploy-check/action.yml and README', () => {
  it('declares exactly the inputs the action reads, each described, with a default unless required', () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(Object.keys(preDeployCheckFields).sort());
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect([name, Boolean(input.description)]).toEqual([name, true]);
      expect([name, input.required === true || input.default !== undefined]).toEqual([name, true]);
    }
  });

  it('declares the outputs the action sets and runs the bundle on node24', () => {
    expect(Object.keys(metadata.outputs).sort()).toEqual(['current-version', 'digest', 'failures', 'ok']);
    expect(metadata.runs).toEqual({ using: 'node24', main: '../dist/pre-deploy-check/index.js' });
  });

  it('documents every input and output in the README tables', () => {
    for (const name of [...Object.keys(metadata.inputs), ...Object.keys(metadata.outputs)]) {
      expect([name, new RegExp(`^\\| \`${name}\` +\\|`, 'm').test(readme)]).toEqual([name, true]);
    }
  });
});
