import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseInputs } from '@deploy-kit/action-kit';
import { healthOutputs } from '@deploy-kit/health';
import type { ReleasePlan } from '@deploy-kit/release-plan';
import { inputShape as buildImageFields } from '../../actions/build-image/inputs';
import { buildOutputs } from '../../actions/build-image/report';
import { inputShape as planFields } from '../../actions/plan/inputs';
import { planOutputs } from '../../actions/plan/report';
import { deployFields } from '../../actions/deploy/inputs';
import { inputShape as healthCheckFields } from '../../actions/health-check/inputs';
import { notifyActionFields } from '../../actions/notify/inputs';
import { pipelineFields } from '../../actions/pipeline/inputs';
import { pipelineOutputs } from '../../actions/pipeline/outputs';
import { preDeployCheckFields } from '../../actions/pre-deploy-check/inputs';
import { rollbackFields } from '../../actions/rollback/inputs';
import { reportFields } from '../../actions/report/inputs';
import {
  columnTableNames,
  expressionsInRunScripts,
  missingRequiredInputs,
  readActionMetadata,
  repoRoot,
  usesLines,
  yamlDefaults,
} from '../support/action-docs';

type InputShape = Parameters<typeof parseInputs>[0];

interface ActionUnderTest {
  /** Its bundle name: dist/<bundle>/index.js, actions/<bundle>/main.ts. */
  bundle: string;
  /** The folder holding action.yml; '' for the root action. */
  dir: string;
  readme: string;
  fields: InputShape;
  /** The outputs the code sets (from its output builders where it has them). */
  outputs: string[];
  /** Values for the inputs the schema requires, to parse the defaults with. */
  required: Record<string, string>;
}

const release = { environment: 'production', target: 'command', 'github-token': 't' };
const plan = {
  image: 'ghcr.io/o/app',
  version: 'v1',
  environment: 'staging',
  tags: [],
  buildTags: [],
} as unknown as ReleasePlan;

const ACTIONS: ActionUnderTest[] = [
  {
    bundle: 'build-image',
    dir: 'build-image',
    readme: 'build-image/README.md',
    fields: buildImageFields,
    outputs: Object.keys(buildOutputs(plan, { method: 'promoted', pushed: true, tags: [] })),
    required: {},
  },
  {
    bundle: 'plan',
    dir: 'plan',
    readme: 'plan/README.md',
    fields: planFields,
    outputs: Object.keys(planOutputs({ kind: 'skip', reason: '' })),
    required: {},
  },
  {
    bundle: 'pre-deploy-check',
    dir: 'pre-deploy-check',
    readme: 'pre-deploy-check/README.md',
    fields: preDeployCheckFields,
    // Set by publishReport in actions/pre-deploy-check/report.ts.
    outputs: ['ok', 'failures', 'current-version', 'digest'],
    required: { environment: 'production', 'github-token': 't' },
  },
  {
    bundle: 'deploy',
    dir: 'deploy',
    readme: 'deploy/README.md',
    fields: deployFields,
    // Set in actions/deploy/run.ts.
    outputs: [
      'deployment-id',
      'image-ref',
      'digest',
      'version',
      'previous-version',
      'previous-image-ref',
      'environment-url',
      'healthy',
    ],
    required: { ...release, image: 'ghcr.io/a/b:v1' },
  },
  {
    bundle: 'health-check',
    dir: 'health-check',
    readme: 'health-check/README.md',
    fields: healthCheckFields,
    outputs: Object.keys(healthOutputs({ healthy: true, attempts: 0, durationMs: 0, checks: [], urls: [] })),
    required: { url: 'https://example.com/health' },
  },
  {
    bundle: 'rollback',
    dir: 'rollback',
    readme: 'rollback/README.md',
    fields: rollbackFields,
    // Set in actions/rollback/run.ts.
    outputs: ['version', 'image-ref', 'deployment-id', 'rolled-back-from', 'already-running', 'healthy'],
    required: release,
  },
  {
    bundle: 'notify',
    dir: 'notify',
    readme: 'notify/README.md',
    fields: notifyActionFields,
    // Set in actions/notify/run.ts.
    outputs: ['delivered', 'failed'],
    required: { status: 'success' },
  },
  {
    bundle: 'report',
    dir: 'report',
    readme: 'report/README.md',
    fields: reportFields,
    // Set in actions/report/run.ts.
    outputs: ['page-path', 'metrics', 'deployments'],
    required: { 'github-token': 't' },
  },
  {
    bundle: 'pipeline',
    dir: '',
    readme: 'docs/one-step-action.md',
    fields: pipelineFields,
    outputs: Object.keys(
      pipelineOutputs({
        environment: 'production',
        version: 'v1',
        rollbackOn: 'unhealthy',
        result: 'failed',
        deploy: {},
        notifications: [],
      }),
    ),
    required: { ...release, image: 'ghcr.io/a/b:v1' },
  },
];

const sorted = (names: Iterable<string>) => [...names].sort();

/**
 * action.yml is what users read and what the runner passes; the README is
 * what they copy from. For every action: the metadata matches the code, the
 * README matches the metadata, and its examples run as written.
 */
describe.each(ACTIONS)('$dir/action.yml and $readme', (action) => {
  const metadata = readActionMetadata(action.dir);
  const readme = readFileSync(join(repoRoot, action.readme), 'utf8');

  it('declares exactly the inputs the schema reads, each described, with a default unless required', () => {
    expect(sorted(Object.keys(metadata.inputs))).toEqual(sorted(Object.keys(action.fields)));
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect({ name, described: (input.description ?? '').length > 10 }).toEqual({ name, described: true });
      expect({ name, defaulted: input.required === true || input.default !== undefined }).toEqual({
        name,
        defaulted: true,
      });
    }
  });

  it('gives defaults that parse to the code defaults', () => {
    const withYamlDefaults = parseInputs(action.fields, { ...yamlDefaults(metadata), ...action.required });
    expect(withYamlDefaults).toEqual(parseInputs(action.fields, action.required));
  });

  it('declares exactly the outputs the code sets, each described', () => {
    expect(sorted(Object.keys(metadata.outputs ?? {}))).toEqual(sorted(action.outputs));
    for (const [name, output] of Object.entries(metadata.outputs ?? {}))
      expect({ name, described: (output.description ?? '').length > 10 }).toEqual({ name, described: true });
  });

  it('runs its bundle on node24', () => {
    const main = action.dir ? `../dist/${action.bundle}/index.js` : `dist/${action.bundle}/index.js`;
    expect(metadata.runs).toEqual({ using: 'node24', main });
    expect(existsSync(join(repoRoot, 'actions', action.bundle, 'main.ts'))).toBe(true);
  });

  it('lists exactly the inputs and outputs in the README tables', () => {
    expect(sorted(columnTableNames(readme, 'Input'))).toEqual(sorted(Object.keys(metadata.inputs)));
    expect(sorted(columnTableNames(readme, 'Output'))).toEqual(sorted(Object.keys(metadata.outputs ?? {})));
  });

  it('uses our actions as deploy-kit/deploy-kit/...@v1 and passes values to run: scripts through env', () => {
    const uses = usesLines(readme);
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses)
      expect(ref).toMatch(
        /^(deploy-kit\/deploy-kit(\/[a-z-]+|\/\.github\/workflows\/[a-z-]+\.yml)?@v1|actions\/[a-z-]+@v\d+)$/,
      );
    expect(expressionsInRunScripts(readme)).toEqual([]);
  });

  it('gives every required input in its examples of our actions', () => {
    expect(missingRequiredInputs(readme, repoRoot)).toEqual([]);
  });
});
