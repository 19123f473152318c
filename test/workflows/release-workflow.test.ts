import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Masker, runWorkflow, type WorkflowResult } from '@deploy-kit/local-runner';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { freePort, runCommand, startPodman, startRegistry, type Podman, type Registry } from '../infra';
import { leakedSecrets } from '../support/run-bundled-action';
import { repoRoot } from './checks/files';
import { ensureBundle } from './support/bundles';
import { startHttpPeer, type HttpPeer } from './support/http-peer';

// release.yml, exactly as committed, run by the local runner against real
// components: the registry, Podman behind the docker CLI (the `command`
// target runs the container), the local GitHub API, a webhook receiver. It
// proves the workflow's wiring: plan (the plan action) -> deploy (the environment's secrets
// checked, build, checks, deploy + health, rollback when unhealthy) -> notify.
const WEBHOOK_SECRET_PATH = '/hooks/release-Zx81-secret';
const TOKEN = 'ghs_releaseWorkflowTestToken000';
const DEPLOY_SCRIPT = [
  'docker rm -f "$APP_CONTAINER" >/dev/null 2>&1 || true',
  'docker run -d --name "$APP_CONTAINER" -p "127.0.0.1:$APP_PORT:8080" "$DEPLOY_IMAGE_REF" >/dev/null',
].join('\n');

let registry: Registry;
let podman: Podman;
let github: FakeGitHub;
let webhook: HttpPeer;
let context: string;
let appPort: number;
const container = `deploy-kit-release-wf-${process.pid}`;

beforeAll(async () => {
  for (const name of ['plan', 'build-image', 'pre-deploy-check', 'deploy', 'rollback', 'notify']) ensureBundle(name);
  [registry, podman, github, webhook] = await Promise.all([
    startRegistry(),
    startPodman(),
    startFakeGitHub({ owner: 'octo-org', repo: 'shop' }),
    startHttpPeer((_req, _body, res) => {
      res.writeHead(204);
      res.end();
    }),
  ]);
  github.seed.environment('staging');
  github.seed.environment('production', { protectionRules: [{ type: 'required_reviewers' }] });
  appPort = await freePort();
  // The consumer's repository: the app's Dockerfile and what it copies.
  context = mkdtempSync(join(tmpdir(), 'deploy-kit-release-wf-'));
  copyFileSync(join(repoRoot, 'test/fixtures/app-image/Dockerfile'), join(context, 'Dockerfile'));
  copyFileSync('/bin/busybox', join(context, 'busybox'));
}, 600_000);

afterAll(async () => {
  if (podman) {
    await runCommand('docker', ['rm', '-f', container], {
      env: { ...process.env, ...podman.env },
      timeoutMs: 60_000,
    }).catch(() => undefined);
    const images = await runCommand(
      'docker',
      ['images', '--format', '{{.Repository}}:{{.Tag}}', `${registry.host}/octo-org/shop`],
      {
        env: { ...process.env, ...podman.env },
        timeoutMs: 60_000,
      },
    ).catch(() => undefined);
    const refs = (images?.stdout ?? '').split('\n').filter((ref) => ref.startsWith(registry.localhost));
    if (refs.length)
      await runCommand('docker', ['rmi', '-f', ...refs], {
        env: { ...process.env, ...podman.env },
        timeoutMs: 60_000,
      }).catch(() => undefined);
  }
  await Promise.all([podman?.stop(), registry?.stop(), github?.stop(), webhook?.stop()]);
  if (context) rmSync(context, { recursive: true, force: true });
}, 120_000);

async function release(
  tag: string,
  sha: string,
  health: 'ok' | 'unhealthy',
  prerelease = true,
): Promise<{ result: WorkflowResult; log: string }> {
  const lines: string[] = [];
  const result = await runWorkflow({
    file: join(repoRoot, '.github/workflows/release.yml'),
    event: {
      action: prerelease ? 'prereleased' : 'released',
      release: { tag_name: tag, prerelease, draft: false },
      repository: { full_name: 'octo-org/shop', default_branch: 'main' },
      sender: { login: 'octocat' },
    },
    eventName: 'release',
    inputs: {
      // Podman logs in over plain HTTP to localhost:PORT only (test/infra/registry.ts).
      image: `${registry.localhost}/octo-org/shop`,
      // No VERSION: release.yml passes VERSION=<tag> itself, and the app reports it.
      'build-args': `HEALTH=${health}`,
      'health-expect-version': 'true',
      'staging-url': `http://127.0.0.1:${appPort}/api/health`,
      'production-url': `http://127.0.0.1:${appPort}/api/health`,
      'health-json': 'status == "ok"',
      'health-deadline': '20s',
      target: 'command',
      command: DEPLOY_SCRIPT,
    },
    secrets: { GITHUB_TOKEN: TOKEN, 'webhook-url': `${webhook.url}${WEBHOOK_SECRET_PATH}` },
    env: {
      ...podman.env,
      GITHUB_API_URL: github.url,
      GITHUB_SHA: sha,
      APP_CONTAINER: container,
      APP_PORT: String(appPort),
    },
    workspace: context,
    toolkitRoot: repoRoot,
    log: (line) => lines.push(line),
    masker: new Masker(),
  });
  return { result, log: lines.join('\n') };
}

const job = (run: WorkflowResult, id: string) => run.jobs.find((j) => j.id === id);

async function served(): Promise<unknown> {
  return (await fetch(`http://127.0.0.1:${appPort}/api/health`, { signal: AbortSignal.timeout(5000) })).json();
}

describe('release.yml through the local runner, on real components', () => {
  it('a prerelease is built, checked, deployed to staging, healthy, recorded and announced', async () => {
    const { result, log } = await release('v1.0.0-beta.1', 'a'.repeat(40), 'ok');
    if (result.result !== 'success') throw new Error(`release failed:\n${log}`);
    expect(job(result, 'plan')?.outputs.environment).toBe('staging');
    expect(job(result, 'deploy')?.environment).toEqual({
      name: 'staging',
      url: `http://127.0.0.1:${appPort}/api/health`,
    });
    expect(result.outputs.result).toBe('deployed');
    expect(result.outputs['image-ref']).toMatch(
      new RegExp(`^${registry.localhost}/octo-org/shop@sha256:[0-9a-f]{64}$`),
    );
    expect(await served()).toEqual({ status: 'ok', version: 'v1.0.0-beta.1' });
    const staging = github.state.deployments.filter((d) => d.environment === 'staging');
    expect(staging).toHaveLength(1);
    expect(JSON.parse(webhook.received.at(-1)?.body ?? '{}')).toMatchObject({
      status: 'success',
      version: 'v1.0.0-beta.1',
    });
    expect(leakedSecrets(log, [TOKEN, WEBHOOK_SECRET_PATH])).toEqual([]);
    expect(github.validationErrors).toEqual([]);
  });

  it('an unhealthy prerelease is rolled back to the last good one, the run fails and says so', async () => {
    const { result, log } = await release('v1.0.0-beta.2', 'b'.repeat(40), 'unhealthy');
    expect(result.result).toBe('failure');
    if (result.outputs.result !== 'rolled-back') throw new Error(`not rolled back:\n${log}`);
    const deploy = job(result, 'deploy');
    expect(deploy?.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['Check out', 'skipped'],
      // The environment's secrets first, then the build, both in the environment's job.
      ["Check the environment's secrets", 'success'],
      ['Build or promote the image(s)', 'success'],
      ['Check the plan and the build agree', 'success'],
      ['Check before deploying', 'success'],
      ['Deploy and check health', 'failure'],
      ['Roll back (the new version is unhealthy)', 'success'],
      ['Fail when the release did not go out', 'failure'],
      ['Report deploys (history and DORA metrics)', 'skipped'],
    ]);
    expect(log).toContain('v1.0.0-beta.2 was unhealthy on staging and was rolled back');
    expect(await served()).toEqual({ status: 'ok', version: 'v1.0.0-beta.1' });
    expect(JSON.parse(webhook.received.at(-1)?.body ?? '{}')).toMatchObject({
      status: 'rolled-back',
      environment: 'staging',
    });
    expect(leakedSecrets(log, [TOKEN, WEBHOOK_SECRET_PATH])).toEqual([]);
    expect(github.validationErrors).toEqual([]);
  });

  it('the full release of the tested commit is promoted by digest and deployed to production', async () => {
    const { result, log } = await release('v1.0.0', 'a'.repeat(40), 'ok', false);
    if (result.result !== 'success') throw new Error(`release failed:\n${log}`);
    expect(job(result, 'plan')?.outputs.environment).toBe('production');
    expect(job(result, 'deploy')?.outputs.promoted).toBe('true');
    // The same bytes as the prerelease: it still reports the version it was built as.
    expect(await served()).toEqual({ status: 'ok', version: 'v1.0.0-beta.1' });
    expect(github.state.deployments.filter((d) => d.environment === 'production')).toHaveLength(1);
    expect(JSON.parse(webhook.received.at(-1)?.body ?? '{}')).toMatchObject({
      status: 'success',
      environment: 'production',
    });
    expect(github.validationErrors).toEqual([]);
  });
});
