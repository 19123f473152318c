import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseInputs } from '@deploy-kit/action-kit';
import { parse } from 'yaml';
import { pipelineFields } from '../../actions/pipeline/inputs';
import { pipelineOutputs } from '../../actions/pipeline/outputs';

const root = resolve(import.meta.dirname, '../..');

interface ActionMetadata {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: Record<string, string>;
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata;
const readme = readFileSync(join(root, 'docs/one-step-action.md'), 'utf8');
const deployInputs = Object.keys(
  (parse(readFileSync(join(root, 'deploy/action.yml'), 'utf8')) as ActionMetadata).inputs,
);

/**
 * The root action.yml is what `uses: OWNER/deploy-kit@v1` users read and what
 * the runner passes: it must declare exactly what the code reads, with the
 * same defaults, and the README must document all of it.
 */
describe('action.yml (the one-step action)', () => {
  it('declares exactly the inputs the action reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(pipelineFields).sort());
    for (const [input, spec] of Object.entries(action.inputs))
      expect({ input, described: (spec.description ?? '').length > 10 }).toEqual({ input, described: true });
  });

  it('takes every input of the deploy action under the same name', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(deployInputs));
  });

  it('gives every optional input a default that parses to the code default', () => {
    const fromYaml: Record<string, string> = {};
    for (const [input, spec] of Object.entries(action.inputs)) {
      if (spec.required) continue;
      expect({ input, hasDefault: spec.default !== undefined }).toEqual({ input, hasDefault: true });
      fromYaml[input] = String(spec.default).startsWith('${{') ? '' : String(spec.default);
    }
    const required = { environment: 'production', image: 'ghcr.io/a/b:v1', target: 'command', 'github-token': 't' };
    expect(parseInputs(pipelineFields, { ...fromYaml, ...required })).toEqual(parseInputs(pipelineFields, required));
  });

  it('declares exactly the outputs the action sets, each described', () => {
    const set = pipelineOutputs({
      environment: 'production',
      version: 'v1',
      rollbackOn: 'unhealthy',
      result: 'failed',
      deploy: {},
      notifications: [],
    });
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(set).sort());
    for (const [output, spec] of Object.entries(action.outputs))
      expect({ output, described: (spec.description ?? '').length > 10 }).toEqual({ output, described: true });
  });

  it('runs its bundle on node24 from the repository root', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/pipeline/index.js' });
    expect(existsSync(join(root, 'actions/pipeline/main.ts'))).toBe(true);
  });

  it('has every input and output in the README tables', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
      expect({ name, documented: readme.includes(`| \`${name}\``) }).toEqual({ name, documented: true });
  });
});
