import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient, type GitHubClient } from '@deploy-kit/github';
import { startFakeGitHub, type FakeGitHub } from './index';

let api: FakeGitHub;
let octokit: GitHubClient;
const repo = { owner: 'octo-org', repo: 'hello-world' };

beforeEach(async () => {
  api = await startFakeGitHub();
  octokit = createGitHubClient('ghs_faketoken', { baseUrl: api.url, retries: 0 });
});
afterEach(async () => {
  await api.stop();
});

describe('fake GitHub API', () => {
  it('creates deployments and statuses and answers with what GitHub documents', async () => {
    const { data: created } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'ffac537e6cbbf934b08745a378932722df287a53',
      environment: 'staging',
      auto_merge: false,
      required_contexts: [],
      payload: { version: '1.0.0' },
    });
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: (created as { id: number }).id,
      state: 'success',
      log_url: 'https://github.com/x',
    });
    const { data: list } = await octokit.rest.repos.listDeployments({ ...repo, environment: 'staging' });
    expect(list.map((d) => d.payload)).toEqual([{ version: '1.0.0' }]);
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: list[0]!.id });
    expect(statuses.map((s) => s.state)).toEqual(['success']);
    const { data: env } = await octokit.rest.repos.getEnvironment({ ...repo, environment_name: 'staging' });
    expect(env.name).toBe('staging');
    expect(api.validationErrors).toEqual([]);
  });

  it('serves seeded environments, statuses, check runs, releases and the repository', async () => {
    api.seed.environment('production', {
      protectionRules: [{ type: 'required_reviewers' }, { type: 'wait_timer', minutes: 5 }],
    });
    api.seed.commitStatus('abc123', 'ci/build', 'success');
    api.seed.checks('abc123', { name: 'test', conclusion: 'failure' }, { name: 'lint', status: 'in_progress' });
    api.seed.release({ tag: 'v1.2.0-beta.1', prerelease: true });
    const { data: env } = await octokit.rest.repos.getEnvironment({ ...repo, environment_name: 'production' });
    expect(env.protection_rules?.map((r) => r.type)).toEqual(['required_reviewers', 'wait_timer']);
    const { data: envs } = await octokit.rest.repos.getAllEnvironments(repo);
    expect(envs.total_count).toBe(1);
    const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: 'abc123' });
    expect(combined.state).toBe('success');
    const { data: checks } = await octokit.rest.checks.listForRef({ ...repo, ref: 'abc123' });
    expect(checks.check_runs.map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ['test', 'completed', 'failure'],
      ['lint', 'in_progress', null],
    ]);
    const { data: release } = await octokit.rest.repos.getReleaseByTag({ ...repo, tag: 'v1.2.0-beta.1' });
    expect(release.prerelease).toBe(true);
    const { data: releases } = await octokit.rest.repos.listReleases(repo);
    expect(releases).toHaveLength(1);
    const { data: repository } = await octokit.rest.repos.get(repo);
    expect(repository.full_name).toBe('octo-org/hello-world');
    expect(api.validationErrors).toEqual([]);
  });

  it('paginates lists with a Link header Octokit follows', async () => {
    for (let i = 0; i < 5; i++) api.seed.deployment({ environment: 'staging', states: ['success'] });
    const all = await octokit.paginate(octokit.rest.repos.listDeployments, { ...repo, per_page: 2 });
    expect(all).toHaveLength(5);
    expect(api.requests.filter((r) => r.operationId === 'repos/list-deployments')).toHaveLength(3);
    expect(api.validationErrors).toEqual([]);
  });

  it('answers 422 to a request GitHub would refuse, and records it', async () => {
    const response = await fetch(`${api.url}/repos/octo-org/hello-world/deployments/1/statuses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'done' }),
    });
    expect(response.status).toBe(422);
    expect(api.validationErrors).toEqual([expect.stringContaining('request body does not match the description')]);
    api.validationErrors.length = 0;
    await fetch(`${api.url}/repos/octo-org/hello-world/deployments?colour=blue`);
    expect(api.validationErrors).toEqual([expect.stringContaining('query parameter colour is not accepted')]);
    api.validationErrors.length = 0;
  });

  it('records operations it does not serve and paths GitHub does not have', async () => {
    await fetch(`${api.url}/repos/octo-org/hello-world/pulls`);
    await fetch(`${api.url}/no/such/thing`);
    expect(api.validationErrors).toEqual([
      expect.stringContaining('pulls/list (/repos/{owner}/{repo}/pulls) is not served'),
      expect.stringContaining('no such operation'),
    ]);
    api.validationErrors.length = 0;
  });

  it('injects faults a given number of times', async () => {
    api.fault('GET', '/repos/{owner}/{repo}', { type: 'status', status: 502 });
    api.fault('GET', '/repos/{owner}/{repo}/environments', { type: 'secondary-rate-limit', retryAfterSeconds: 7 });
    api.fault('GET', '/repos/{owner}/{repo}/releases', { type: 'reset' });
    const first = await fetch(`${api.url}/repos/octo-org/hello-world`);
    const second = await fetch(`${api.url}/repos/octo-org/hello-world`);
    expect([first.status, second.status]).toEqual([502, 200]);
    const limited = await fetch(`${api.url}/repos/octo-org/hello-world/environments`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([403, '7']);
    expect(((await limited.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    await expect(fetch(`${api.url}/repos/octo-org/hello-world/releases`)).rejects.toThrow();
    expect(api.validationErrors).toEqual([]);
  });

  it('applies a write and then fails when asked to, as a lost answer would', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments', { type: 'status', status: 500, afterApplying: true });
    const response = await fetch(`${api.url}/repos/octo-org/hello-world/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'abc', environment: 'qa' }),
    });
    expect(response.status).toBe(500);
    expect(api.state.deployments.map((d) => d.environment)).toEqual(['qa']);
    expect(api.validationErrors).toEqual([]);
  });

  it('marks earlier successful non-production deployments inactive, as auto_inactive does, but not production', async () => {
    const staging = api.seed.deployment({ environment: 'staging', states: ['success'] });
    const production = api.seed.deployment({ environment: 'production', states: ['success'] });
    for (const environment of ['staging', 'production']) {
      const { data } = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: 'abc',
        environment,
        required_contexts: [],
        auto_merge: false,
      });
      await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: (data as { id: number }).id,
        state: 'success',
      });
    }
    expect(api.latestState(staging.id)).toBe('inactive');
    expect(api.latestState(production.id)).toBe('success');
    expect(api.validationErrors).toEqual([]);
  });
});
