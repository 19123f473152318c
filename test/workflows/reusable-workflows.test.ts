import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { Masker, runWorkflow, type WorkflowResult } from '@deploy-kit/local-runner';
import { repoRoot } from './checks/files';
import { ensureBundle } from './support/bundles';

// The manual deploy and rollback paths, from the starter workflows a consumer
// copies through the reusable workflows they call: requests that make no sense
// stop in the plan job, nothing is deployed, and the outcome is still announced.
beforeAll(() => {
  ensureBundle('notify');
  ensureBundle('plan');
}, 200_000);

const vars = {
  // Never requested: every case here stops before a deploy. Port 8 is unused and, unlike 9,
  // not on fetch's bad-port list (which the health check refuses as a bad input).
  STAGING_HEALTH_URL: 'http://127.0.0.1:8/api/health',
  PRODUCTION_HEALTH_URL: 'http://127.0.0.1:8/api/health',
  DEPLOY_SSH_HOST: '127.0.0.1',
  DEPLOY_SSH_USER: 'deploy',
  DEPLOY_PROJECT_DIR: '/srv/app',
};

async function dispatch(
  starter: string,
  inputs: Record<string, string>,
): Promise<{ run: WorkflowResult; log: string }> {
  const lines: string[] = [];
  const run = await runWorkflow({
    file: join(repoRoot, 'workflows-templates', starter),
    event: { inputs, repository: { full_name: 'octo-org/shop' }, sender: { login: 'octocat' } },
    eventName: 'workflow_dispatch',
    inputs,
    secrets: { GITHUB_TOKEN: 'ghs_unused' },
    vars,
    toolkitRoot: repoRoot,
    workspace: repoRoot,
    log: (line) => lines.push(line),
    masker: new Masker(),
  });
  return { run, log: lines.join('\n') };
}

const called = (run: WorkflowResult, job: string) => run.jobs[0]?.called?.jobs.find((j) => j.id === job);

describe('starter workflows calling the reusable workflows', () => {
  it('manual deploy of a version that is no release tag stops at the plan and is announced as failed', async () => {
    const { run, log } = await dispatch('manual-deploy.yml', {
      environment: 'staging',
      version: 'v1.2',
      force: 'false',
    });
    expect(run.result).toBe('failure');
    expect(log).toContain('Error: Input "version" must be latest, staging or a release tag such as v1.2.3');
    expect(called(run, 'plan')?.result).toBe('failure');
    expect(called(run, 'deploy')?.result).toBe('skipped');
    expect(called(run, 'notify')?.result).toBe('success');
    expect(log).toMatch(/No notification channel|no channel/i);
  });

  it('an edited release deploys nothing, stays neutral (not red) and announces nothing', async () => {
    const lines: string[] = [];
    const run = await runWorkflow({
      file: join(repoRoot, '.github/workflows/release.yml'),
      event: {
        action: 'edited',
        release: { tag_name: 'v1.2.0', prerelease: false, draft: false },
        repository: { full_name: 'octo-org/shop' },
        sender: { login: 'octocat' },
      },
      eventName: 'release',
      inputs: { 'staging-url': vars.STAGING_HEALTH_URL, 'production-url': vars.PRODUCTION_HEALTH_URL },
      secrets: { GITHUB_TOKEN: 'ghs_unused' },
      toolkitRoot: repoRoot,
      workspace: repoRoot,
      log: (line) => lines.push(line),
      masker: new Masker(),
    });
    const log = lines.join('\n');
    expect(run.result).toBe('success');
    expect(log).toContain('Only prereleased, released and published releases are deployed: nothing to do');
    expect(run.jobs.map((j) => [j.id, j.result])).toEqual([
      ['plan', 'success'],
      ['deploy', 'skipped'],
      ['notify', 'skipped'],
    ]);
    expect(run.jobs.find((j) => j.id === 'plan')?.outputs.deploy).toBe('false');
  });

  it('a release with DEPLOY_SSH_HOST unset stops in the plan job naming the variable, before any build', async () => {
    const lines: string[] = [];
    const { DEPLOY_SSH_HOST: _unset, ...withoutHost } = vars;
    const run = await runWorkflow({
      file: join(repoRoot, 'workflows-templates/deploy-on-release.yml'),
      event: {
        action: 'released',
        release: { tag_name: 'v1.2.0', prerelease: false, draft: false },
        repository: { full_name: 'octo-org/shop' },
        sender: { login: 'octocat' },
      },
      eventName: 'release',
      secrets: { GITHUB_TOKEN: 'ghs_unused', DEPLOY_SSH_KEY: 'key', DEPLOY_SSH_KNOWN_HOSTS: 'hosts' },
      vars: withoutHost,
      env: { GITHUB_SHA: 'a'.repeat(40) },
      toolkitRoot: repoRoot,
      workspace: repoRoot,
      log: (line) => lines.push(line),
      masker: new Masker(),
    });
    const log = lines.join('\n');
    expect(run.result).toBe('failure');
    expect(called(run, 'plan')?.result).toBe('failure');
    expect(called(run, 'deploy')?.result).toBe('skipped');
    expect(log).toContain(
      'Input "ssh-host" is empty: target ssh-compose needs the server to deploy to (the starter workflows set it from the repository variable DEPLOY_SSH_HOST)',
    );
  });

  it('a rollback of an environment the form does not offer is refused before any job runs', async () => {
    await expect(dispatch('rollback.yml', { environment: 'prod', to: '', reason: 'test' })).rejects.toThrow(
      'Input "environment" must be one of: production, staging (got "prod")',
    );
  });
});
