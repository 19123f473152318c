import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseInputs } from '@deploy-kit/action-kit';
import type { ReleasePlan } from '@deploy-kit/release-plan';
import { parse } from 'yaml';
import { inputShape } from '../../actions/build-image/inputs';
import { buildOutputs } from '../../actions/build-image/report';

const root = resolve(import.meta.dirname, '../..');
const metadata = parse(readFileSync(join(root, 'build-image/action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
};
const readme = readFileSync(join(root, 'build-image/README.md'), 'utf8');
const plan = { image: 'ghcr.io/o/app', version: 'v1', environment: 'staging', tags: [] } as unknown as ReleasePlan;

/** The first-column names of the README table whose header starts with `| <first> `. */
function readmeTable(first: string): string[] {
  const table = readme.split('\n\n').find((block) => block.startsWith(`| ${first} `)) ?? '';
  return [...table.matchAll(/^\| `([a-z-]+)` +\|/gm)].map((match) => match[1] as string);
}

describe('build-image/action.yml and README', () => {
  it('declares exactly the inputs the schema reads, each described, with a default unless required', () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(Object.keys(inputShape).sort());
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect([name, (input.description ?? '').length > 10]).toEqual([name, true]);
      expect([name, input.required === true || input.default !== undefined]).toEqual([name, true]);
    }
  });

  it('gives defaults that parse to the schema defaults (expressions are the runner`s)', () => {
    const fromYaml = Object.fromEntries(
      Object.entries(metadata.inputs).map(([name, input]) => [
        name,
        String(input.default ?? '').startsWith('${{') ? '' : String(input.default ?? ''),
      ]),
    );
    expect(parseInputs(inputShape, fromYaml)).toEqual(parseInputs(inputShape, {}));
  });

  it('declares exactly the outputs the action sets, and runs the bundle on node24', () => {
    expect(Object.keys(metadata.outputs).sort()).toEqual(
      Object.keys(buildOutputs(plan, { method: 'promoted', pushed: true, tags: [] })).sort(),
    );
    for (const [name, output] of Object.entries(metadata.outputs))
      expect([name, (output.description ?? '').length > 10]).toEqual([name, true]);
    expect(metadata.runs).toEqual({ using: 'node24', main: '../dist/build-image/index.js' });
  });

  it('documents every input and output, in action.yml order, in the README tables', () => {
    expect(readmeTable('Input')).toEqual(Object.keys(metadata.inputs));
    expect(readmeTable('Output')).toEqual(Object.keys(metadata.outputs));
  });
});
