import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { actionlintActionDefaults, actionlintWorkflow } from './checks/actionlint';
import { findActionMetadataProblems } from './checks/action-metadata';
import { findCacheInWriteJobs } from './checks/cache-permissions';
import { loadYaml, repoRoot, type YamlFile } from './checks/files';
import { parseActionWithGitHub, parseWithGitHub } from './checks/github-parser';
import { findExcessPermissions, findUncoveredPermissions, ownWorkflowPath } from './checks/least-privilege';
import { findChecksOutsideLock, findConcurrencyProblems, findPermissionProblems } from './checks/permissions';
import { findUnpinnedUses } from './checks/pinning';
import { findScriptInjection } from './checks/script-injection';
import { findStarterPropertyProblems } from './checks/starter-properties';
import { findUnknownActionInputs } from './checks/with-inputs';
import { findInputsInWorkflowCommands } from './checks/workflow-commands';

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

  it('caches: none restored in a job that can write; a read-only job may', () => {
    expect(findCacheInWriteJobs(load('cache-in-write-job.yml'))).toEqual([
      'test/workflows/fixtures/bad/cache-in-write-job.yml: job release, Set up Node: actions/setup-node with cache: npm in a job granted contents: write; install without a cache there',
      'test/workflows/fixtures/bad/cache-in-write-job.yml: job release, Restore the build cache: actions/cache/restore restores a cache in a job granted contents: write; install without a cache there',
    ]);
  });

  it('workflow commands: an input, a variable computed from it and a branch name; not job.status', () => {
    expect(findInputsInWorkflowCommands(load('input-in-workflow-command.yml'))).toEqual([
      expect.stringMatching(/job check, Check the version: a workflow command echoes \$tag \(inputs\.\*\)/),
      expect.stringMatching(/a workflow command echoes \$GITHUB_REF_NAME \(a branch or tag name\)/),
    ]);
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

  it('concurrency: a group that is not per environment', () => {
    expect(findConcurrencyProblems(load('concurrency-not-per-environment.yml'))).toEqual([
      expect.stringMatching(/job deploy's concurrency group "deploy-kit" is not per environment/),
    ]);
  });

  it('concurrency: pre-deploy checks in a job before the queue', () => {
    expect(findChecksOutsideLock(load('check-outside-lock.yml'))).toEqual([
      expect.stringMatching(/job check runs pre-deploy-check outside the environment's concurrency group/),
    ]);
  });

  it('concurrency: an environment job without any group', () => {
    expect(findConcurrencyProblems(load('environment-without-group.yml'))).toEqual([
      expect.stringMatching(/job deploy deploys to an environment without a concurrency group/),
    ]);
  });

  it('least privilege: write-all, an unexpected scope, write where read is enough, a job not in the table', () => {
    expect(
      findExcessPermissions(load('excess-permissions.yml'), {
        plan: {},
        deploy: { deployments: 'write', packages: 'read' },
        notify: {},
      }),
    ).toEqual([
      expect.stringMatching(/job plan is granted write-all; list each scope it uses/),
      expect.stringMatching(/job deploy is granted contents: write, which it does not use/),
      expect.stringMatching(/job deploy is granted packages: write; read is enough/),
      expect.stringMatching(/job extra has no least-privilege table entry/),
    ]);
  });

  it('caller covers callee: a starter granting less than the called jobs ask for', () => {
    const findings = findUncoveredPermissions(load('caller-too-few-permissions.yml'), (uses) => {
      const path = ownWorkflowPath(uses);
      return path ? loadYaml(join(repoRoot, path)) : undefined;
    });
    expect(findings).toEqual([
      expect.stringMatching(
        /grants actions: none, but \.github\/workflows\/deploy\.yml job deploy needs actions: read/,
      ),
      expect.stringMatching(
        /grants deployments: read, but \.github\/workflows\/deploy\.yml job deploy needs deployments: write/,
      ),
    ]);
  });

  it('action inputs: a with: key the action does not declare, a required input not given', () => {
    expect(findUnknownActionInputs(load('unknown-action-input.yml'))).toEqual([
      expect.stringMatching(/with\.environmnt is not an input of deploy-kit\/deploy-kit\/notify@v1/),
      expect.stringMatching(/required input status of deploy-kit\/deploy-kit\/notify@v1 is not given/),
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

  it("action schema: GitHub's parser rejects an unknown key", async () => {
    expect((await parseActionWithGitHub(load('actions/bad-schema/action.yml'))).join('\n')).toMatch(
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
