import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseInputs } from '@deploy-kit/action-kit';
import { parse } from 'yaml';
import { deployFields } from '../../actions/deploy/inputs';
import { rollbackFields } from '../../actions/rollback/inputs';

const root = resolve(import.meta.dirname, '../..');

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

function metadata(name: string): {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
  runs: Record<string, string>;
} {
  return parse(readFileSync(join(root, name, 'action.yml'), 'utf8'));
}

/**
 * action.yml is what users read and what the runner passes: its inputs must be
 * exactly the ones the code parses, with the same defaults.
 */
describe.each([
  ['deploy', deployFields],
  ['rollback', rollbackFields],
] as const)('%s/action.yml', (name, fields) => {
  const action = metadata(name);

  it('declares exactly the inputs the action reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(fields).sort());
    for (const [input, spec] of Object.entries(action.inputs))
      expect({ input, described: (spec.description ?? '').length > 10 }).toEqual({ input, described: true });
  });

  it('gives every optional input a default that parses to the code default', () => {
    const fromYaml: Record<string, string> = {};
    for (const [input, spec] of Object.entries(action.inputs)) {
      if (spec.required) continue;
      expect({ input, hasDefault: spec.default !== undefined }).toEqual({ input, hasDefault: true });
      // Expressions are evaluated by the runner; the code sees their values.
      fromYaml[input] = String(spec.default).startsWith('${{') ? '' : String(spec.default);
    }
    const required = { environment: 'production', image: 'ghcr.io/a/b:v1', target: 'command', 'github-token': 't' };
    const withYamlDefaults = parseInputs(fields, { ...fromYaml, ...required });
    const withCodeDefaults = parseInputs(fields, required);
    expect(withYamlDefaults).toEqual(withCodeDefaults);
  });

  it('runs its bundle on node24 and describes every output', () => {
    expect(action.runs).toEqual({ using: 'node24', main: `../dist/${name}/index.js` });
    for (const [output, spec] of Object.entries(action.outputs))
      expect({ output, described: (spec.description ?? '').length > 10 }).toEqual({ output, described: true });
  });
});
