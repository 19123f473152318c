import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { notifyActionFields } from '../../actions/notify/inputs';
import { expressionsInRunScripts, missingRequiredInputs, tableNames, usesLines } from '../health-check/readme-checks';

const root = resolve(import.meta.dirname, '../..');
const metadata = parse(readFileSync(join(root, 'notify/action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
};
const readme = readFileSync(join(root, 'notify/README.md'), 'utf8');

describe('notify/action.yml and README', () => {
  it('declares exactly the inputs the action reads, each described, with a default unless required', () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(Object.keys(notifyActionFields).sort());
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect([name, Boolean(input.description)]).toEqual([name, true]);
      expect([name, input.required === true || input.default !== undefined]).toEqual([name, true]);
    }
  });

  it('declares the outputs the action sets and runs the bundle on node24', () => {
    expect(Object.keys(metadata.outputs).sort()).toEqual(['delivered', 'failed']);
    expect(metadata.runs).toEqual({ using: 'node24', main: '../dist/notify/index.js' });
  });

  it('documents exactly the inputs and outputs in the README tables', () => {
    expect(tableNames(readme, 'Inputs').sort()).toEqual(Object.keys(metadata.inputs).sort());
    expect(tableNames(readme, 'Outputs').sort()).toEqual(Object.keys(metadata.outputs).sort());
  });

  it('uses our actions as deploy-kit/deploy-kit/<name>@v1 and passes values to scripts through env', () => {
    const uses = usesLines(readme);
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref).toMatch(/^deploy-kit\/deploy-kit\/[a-z-]+@v1$/);
    expect(expressionsInRunScripts(readme)).toEqual([]);
  });

  it('gives every required input in its examples of our actions', () => {
    expect(missingRequiredInputs(readme, root)).toEqual([]);
  });
});
