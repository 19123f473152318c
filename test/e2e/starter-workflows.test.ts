import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Masker, runWorkflow, type WorkflowResult } from '@deploy-kit/local-runner';
import { createConsumerRepo, type ConsumerRepo } from '../demo/consumer-repo';
import { DEMO_TOKEN } from '../demo/scenario';
import { startStack, type Stack } from '../demo/stack/start-stack';
import { ensureBundle } from '../workflows/support/bundles';

// The three starter workflows exactly as a consumer copies them (no extra inputs:
// only the repository variables and secrets they read), each calling the reusable
// workflow it names, on the demo's real stack: registry, Podman, an SSH host running
// the compose project, Slack and webhook receivers, the local GitHub API. Everything
// happens on staging, the environment all three can reach with one project dir.
const TOOLKIT_ROOT = resolve(import.meta.dirname, '../..');
const STARTERS = join(TOOLKIT_ROOT, 'workflows-templates');
const EVENTS = join(TOOLKIT_ROOT, 'test/fixtures/events');

describe('the starter workflows, end to end on staging', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'deploy-kit-starters-'));
  let stack: Stack;
  let repo: ConsumerRepo;
  const commits: string[] = [];

  beforeAll(async () => {
    for (const name of ['build-image', 'pre-deploy-check', 'deploy', 'rollback', 'notify']) ensureBundle(name);
    stack = await startStack({ workDir });
    repo = createConsumerRepo(join(workDir, 'hello-world'));
    commits.push(repo.commit({ message: 'First release', health: 'ok' }));
    commits.push(repo.commit({ message: 'Second release', health: 'ok' }));
  }, 10 * 60_000);

  afterAll(async () => {
    const failures = (await stack?.stop()) ?? [];
    rmSync(workDir, { recursive: true, force: true });
    expect(failures).toEqual([]);
  }, 120_000);

  /** Runs a starter as GitHub would for `eventName`, with the repository's settings from the stack. */
  async function run(
    starter: string,
    eventName: string,
    event: Record<string, unknown>,
    options: { sha: string; inputs?: Record<string, string> },
  ): Promise<{ result: WorkflowResult; log: string }> {
    const { staging, production } = stack.environments;
    const lines: string[] = [];
    const result = await runWorkflow({
      file: join(STARTERS, starter),
      event,
      eventName,
      inputs: options.inputs ?? {},
      vars: {
        STAGING_HEALTH_URL: staging.healthUrl,
        PRODUCTION_HEALTH_URL: production.healthUrl,
        DEPLOY_IMAGE: stack.image,
        DEPLOY_SSH_HOST: stack.sshd.host,
        DEPLOY_SSH_PORT: String(stack.sshd.port),
        DEPLOY_SSH_USER: stack.sshd.user,
        DEPLOY_PROJECT_DIR: staging.projectDir,
      },
      secrets: {
        GITHUB_TOKEN: DEMO_TOKEN,
        DEPLOY_SSH_KEY: stack.sshd.privateKey,
        DEPLOY_SSH_KNOWN_HOSTS: stack.sshd.knownHosts,
        SLACK_WEBHOOK_URL: stack.receiver.slackUrl,
      },
      env: { ...stack.podman.env, GITHUB_API_URL: stack.github.url, GITHUB_SHA: options.sha },
      workspace: repo.dir,
      toolkitRoot: TOOLKIT_ROOT,
      log: (line) => lines.push(line),
      masker: new Masker(),
    });
    const log = lines.join('\n');
    expect(log).not.toContain(DEMO_TOKEN);
    expect(log).not.toContain(stack.sshd.privateKey.trim());
    return { result, log };
  }

  function prerelease(tag: string, sha: string): Record<string, unknown> {
    const payload = JSON.parse(readFileSync(join(EVENTS, 'release-prereleased-v1.0.0-beta.1.json'), 'utf8')) as {
      release: Record<string, unknown>;
    };
    payload.release = { ...payload.release, tag_name: tag, name: tag, target_commitish: sha };
    return payload;
  }

  const dispatch = (inputs: Record<string, string>) => ({
    inputs,
    repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
    sender: { login: 'octocat' },
  });

  async function served(): Promise<unknown> {
    const response = await fetch(stack.environments.staging.healthUrl, { signal: AbortSignal.timeout(5000) });
    return response.json();
  }

  const lastSlack = () => stack.receiver.received.filter((n) => n.channel === 'slack').at(-1);
  const called = (result: WorkflowResult, job: string) => result.jobs[0]?.called?.jobs.find((j) => j.id === job);

  it(
    'deploy-on-release: a prerelease is built with VERSION=<tag>, deployed to staging and announced',
    async () => {
      const { result, log } = await run('deploy-on-release.yml', 'release', prerelease('v1.0.0-beta.1', commits[0]!), {
        sha: commits[0]!,
      });
      if (result.result !== 'success') throw new Error(`release failed:\n${log}`);
      expect(called(result, 'deploy')?.outputs.result).toBe('deployed');
      // The starter passes no build-args: the version the app reports comes from release.yml's default.
      expect(await served()).toMatchObject({ status: 'ok', version: 'v1.0.0-beta.1', revision: 'unknown' });
      expect(lastSlack()).toMatchObject({ status: 'success', environment: 'staging', version: 'v1.0.0-beta.1' });
    },
    10 * 60_000,
  );

  it(
    'deploy-on-release: the next prerelease, from the next commit, replaces it',
    async () => {
      const { result, log } = await run('deploy-on-release.yml', 'release', prerelease('v1.1.0-beta.1', commits[1]!), {
        sha: commits[1]!,
      });
      if (result.result !== 'success') throw new Error(`release failed:\n${log}`);
      expect(await served()).toMatchObject({ status: 'ok', version: 'v1.1.0-beta.1' });
    },
    10 * 60_000,
  );

  it(
    'manual-deploy: deploys a chosen earlier version to staging by its tag, checked and announced',
    async () => {
      const inputs = { environment: 'staging', version: 'v1.0.0-beta.1', force: 'false' };
      const { result, log } = await run('manual-deploy.yml', 'workflow_dispatch', dispatch(inputs), {
        sha: commits[1]!,
        inputs,
      });
      if (result.result !== 'success') throw new Error(`manual deploy failed:\n${log}`);
      // The checks ran in the deploy job, under the environment's concurrency group.
      expect(called(result, 'deploy')?.steps.map((s) => [s.name, s.outcome])).toEqual(
        expect.arrayContaining([
          ['Check before deploying', 'success'],
          ['Deploy and check health', 'success'],
        ]),
      );
      expect(result.jobs[0]?.outputs).toMatchObject({ result: 'deployed' });
      expect(await served()).toMatchObject({ status: 'ok', version: 'v1.0.0-beta.1' });
      expect(lastSlack()).toMatchObject({ status: 'success', environment: 'staging', version: 'v1.0.0-beta.1' });
    },
    10 * 60_000,
  );

  it(
    'rollback: with `to` empty, goes back to the deployment before the current one and says so',
    async () => {
      const inputs = { environment: 'staging', to: '', reason: 'Testing the rollback' };
      const { result, log } = await run('rollback.yml', 'workflow_dispatch', dispatch(inputs), {
        sha: commits[1]!,
        inputs,
      });
      if (result.result !== 'success') throw new Error(`rollback failed:\n${log}`);
      expect(result.jobs[0]?.outputs).toMatchObject({ version: 'v1.1.0-beta.1', 'already-running': 'false' });
      expect(await served()).toMatchObject({ status: 'ok', version: 'v1.1.0-beta.1' });
      const slack = lastSlack();
      expect(slack).toMatchObject({ status: 'rolled-back', environment: 'staging', version: 'v1.1.0-beta.1' });
      expect(JSON.stringify(slack?.body)).toContain('staging is back on v1.1.0-beta.1');
    },
    10 * 60_000,
  );

  it(
    'rollback again: already on its last good release, nothing changes and the message does not claim a rollback',
    async () => {
      const before = stack.github.state.deployments.length;
      const inputs = { environment: 'staging', to: '', reason: 'Pressed twice' };
      const { result, log } = await run('rollback.yml', 'workflow_dispatch', dispatch(inputs), {
        sha: commits[1]!,
        inputs,
      });
      if (result.result !== 'success') throw new Error(`rollback failed:\n${log}`);
      expect(result.jobs[0]?.outputs).toMatchObject({ 'already-running': 'true', version: 'v1.1.0-beta.1' });
      expect(stack.github.state.deployments.length).toBe(before);
      const slack = lastSlack();
      expect(slack?.status).not.toBe('rolled-back');
      expect(JSON.stringify(slack?.body)).toContain('Nothing rolled back: staging already runs v1.1.0-beta.1');
      expect(stack.receiver.refused).toEqual([]);
      expect(stack.github.validationErrors).toEqual([]);
    },
    10 * 60_000,
  );
});
