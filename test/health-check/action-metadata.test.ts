import { describe, expect, it } from '@jest/globals';
import { parseHealthCheckInputs, healthOutputs, type HealthReport } from '@deploy-kit/health';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { inputShape } from '../../actions/health-check/inputs';
import { expressionsInRunScripts, missingRequiredInputs, tableNames, tableRow, usesLines } from './readme-checks';

const root = resolve(import.meta.dirname, '../..');
const metadata = parse(readFileSync(join(root, 'health-check/action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
};
const readme = readFileSync(join(root, 'health-check/README.md'), 'utf8');

// The outputs the action sets are the keys healthOutputs returns, whatever the report holds.
const emptyReport: HealthReport = { healthy: true, attempts: 0, durationMs: 0, checks: [], urls: [] };
const outputNames = Object.keys(healthOutputs(emptyReport));

describe('health-check/action.yml and README', () => {
  it('declares exactly the inputs the action reads, each described, with a default unless required', () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(Object.keys(inputShape).sort());
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect([name, Boolean(input.description)]).toEqual([name, true]);
      expect([name, input.required === true || input.default !== undefined]).toEqual([name, true]);
    }
    expect(metadata.inputs.url?.required).toBe(true);
  });

  it('gives the same defaults in action.yml as the schema', () => {
    const fromYaml = Object.fromEntries(
      Object.entries(metadata.inputs)
        .filter(([name]) => name !== 'url')
        .map(([name, input]) => [name, String(input.default ?? '')]),
    );
    expect(parseHealthCheckInputs(fromYaml)).toEqual(parseHealthCheckInputs({}));
  });

  it('declares the outputs the action sets and runs the bundle on node24', () => {
    expect(Object.keys(metadata.outputs).sort()).toEqual([...outputNames].sort());
    for (const [name, output] of Object.entries(metadata.outputs)) {
      expect([name, Boolean(output.description)]).toEqual([name, true]);
    }
    expect(metadata.runs).toEqual({ using: 'node24', main: '../dist/health-check/index.js' });
  });

  it('documents exactly the inputs and outputs in the README tables, with the same defaults', () => {
    expect(tableNames(readme, 'Inputs').sort()).toEqual(Object.keys(metadata.inputs).sort());
    expect(tableNames(readme, 'Outputs').sort()).toEqual(Object.keys(metadata.outputs).sort());
    for (const [name, input] of Object.entries(metadata.inputs)) {
      const shown = tableRow(readme, name)[1];
      if (input.required) expect([name, shown]).toEqual([name, '(required)']);
      else if (input.default) expect([name, shown]).toEqual([name, `\`${input.default}\``]);
    }
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
