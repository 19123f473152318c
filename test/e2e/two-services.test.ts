import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Masker, runWorkflow, type WorkflowResult } from '@deploy-kit/local-runner';
import { RegistryClient } from '@deploy-kit/registry';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startPodman, startRegistry, type Podman, type Registry } from '../infra';
import { startComposeHost, type ComposeHost } from '../infra/compose-hosts';
import { leakedSecrets } from '../support/run-bundled-action';
import { fetchText } from '../targets/compose-project';
import { repoRoot } from '../workflows/checks/files';
import { ensureBundle } from '../workflows/support/bundles';

// The two-service starter (workflows-templates/deploy-services-on-release.yml) run by the local
// runner behind `deploy-kit workflow`, on real release payloads, against the real stack: a
// registry, Podman behind the docker CLI, and two SSH hosts (two sshd with their own host keys),
// staging and production, each with its own compose project and compose file. The SSH secrets of
// a run are the ones of the environment it deploys to, as GitHub hands out environment secrets.
const SHA = 'c0ffee0e6cbbf934b08745a378932722df287a53';
const TOKEN = 'ghs_twoServicesE2eToken000';

let registry: Registry;
let podman: Podman;
let github: FakeGitHub;
let staging: ComposeHost;
let production: ComposeHost;
let workspace: string;

function environment(name: string, on: string, host: ComposeHost): string {
  return [
    `  ${name}:`,
    `    on: ${on}`,
    '    health:',
    `      api: ${host.healthUrls.api}`,
    `      frontend: ${host.healthUrls.frontend}`,
    '    target:',
    ...host.targetConfig('      '),
    '    require-environment: false',
  ].join('\n');
}

beforeAll(async () => {
  for (const name of ['plan', 'build-image', 'deploy', 'rollback', 'notify']) ensureBundle(name);
  [registry, podman, github] = await Promise.all([
    startRegistry(),
    startPodman(),
    startFakeGitHub({ owner: 'daidai', repo: 'avatar' }),
  ]);
  // Each environment on its own host (own sshd and keys), with its own compose project and file.
  const services = ['api', 'frontend'];
  staging = await startComposeHost({ env: podman.env, services, composeFile: 'docker-compose.stage.yml' });
  production = await startComposeHost({ env: podman.env, services, composeFile: 'docker-compose.prod.yml' });
  github.seed.environment('staging');
  github.seed.environment('production');
  // The consumer's repository: two services, each its own context.
  workspace = mkdtempSync(join(tmpdir(), 'deploy-kit-two-services-e2e-'));
  for (const dir of ['api-server', 'frontend']) {
    mkdirSync(join(workspace, dir));
    copyFileSync(join(repoRoot, 'test/fixtures/app-image/Dockerfile'), join(workspace, dir, 'Dockerfile'));
    copyFileSync('/bin/busybox', join(workspace, dir, 'busybox'));
  }
  mkdirSync(join(workspace, '.github'));
  writeConfig('ok');
}, 600_000);

/** The repository's config file; `frontendHealth` is what the frontend's build reports (the fixture's HEALTH). */
function writeConfig(frontendHealth: string): void {
  const check = '    health: { json: [\'status == "ok"\'], interval: 1s, deadline: 60s }';
  writeFileSync(
    join(workspace, '.github/deploy-kit.yml'),
    [
      'services:',
      '  api:',
      '    context: api-server',
      `    image: ${registry.localhost}/daidai/avatar/api`,
      check,
      '  frontend:',
      '    context: frontend',
      `    image: ${registry.localhost}/daidai/avatar/frontend`,
      `    build-args: { HEALTH: ${frontendHealth} }`,
      check,
      'environments:',
      environment('staging', 'prerelease', staging),
      environment('production', 'release', production),
      '',
    ].join('\n'),
  );
}

afterAll(async () => {
  for (const host of [staging, production]) await host?.stop().catch(() => undefined);
  await Promise.all([podman?.stop(), registry?.stop(), github?.stop()]);
  if (workspace) rmSync(workspace, { recursive: true, force: true });
}, 180_000);

async function release(
  tag: string,
  prerelease: boolean,
  host: ComposeHost,
  sha = SHA,
): Promise<{ result: WorkflowResult; log: string }> {
  const lines: string[] = [];
  const result = await runWorkflow({
    file: join(repoRoot, 'workflows-templates/deploy-services-on-release.yml'),
    event: {
      action: prerelease ? 'prereleased' : 'released',
      release: { tag_name: tag, prerelease, draft: false, target_commitish: sha },
      repository: { full_name: 'daidai/avatar', default_branch: 'main' },
      sender: { login: 'octocat' },
    },
    eventName: 'release',
    secrets: {
      GITHUB_TOKEN: TOKEN,
      // The deploying environment's own secrets.
      DEPLOY_SSH_KEY: host.sshd.privateKey,
      DEPLOY_SSH_KNOWN_HOSTS: host.sshd.knownHosts,
    },
    env: { ...podman.env, GITHUB_API_URL: github.url, GITHUB_SHA: sha },
    workspace,
    toolkitRoot: repoRoot,
    log: (line) => lines.push(line),
    masker: new Masker(),
  });
  return { result, log: lines.join('\n') };
}

const version = async (url: string) => JSON.parse((await fetchText(url)) ?? '{}') as { version?: string };
const healthOf = (host: ComposeHost, service: 'api' | 'frontend') => host.healthUrls[service] ?? '';

describe('two services, staging and production on two SSH hosts, end to end', () => {
  const client = new RegistryClient({ timeoutMs: 10_000 });
  const digest = async (service: string, tag: string) =>
    (await client.resolve(`${registry.host}/daidai/avatar/${service}:${tag}`))?.digest;

  it('prerelease v1.0.0-beta.1: both images built and tagged, staging updated for both, production untouched', async () => {
    const { result, log } = await release('v1.0.0-beta.1', true, staging);
    if (result.result !== 'success') throw new Error(`prerelease failed:\n${log}`);
    for (const service of ['api', 'frontend'] as const) {
      expect(await digest(service, 'v1.0.0-beta.1')).toMatch(/^sha256:/);
      expect(await digest(service, `sha-${SHA.slice(0, 7)}`)).toBe(await digest(service, 'v1.0.0-beta.1'));
      expect(await version(healthOf(staging, service))).toMatchObject({ version: 'v1.0.0-beta.1' });
      expect(await fetchText(healthOf(production, service))).toBeUndefined();
      // staging moved after staging was healthy; latest did not.
      expect(await digest(service, 'staging')).toBe(await digest(service, 'v1.0.0-beta.1'));
      expect(await digest(service, 'latest')).toBeUndefined();
    }
    const deployments = github.state.deployments.filter((d) => d.environment === 'staging');
    expect(deployments).toHaveLength(1);
    expect(leakedSecrets(log, [TOKEN, staging.sshd.privateKey])).toEqual([]);
  });

  it('release v1.0.0: both promoted by digest, production updated for both, latest moved after health', async () => {
    const { result, log } = await release('v1.0.0', false, production);
    if (result.result !== 'success') throw new Error(`release failed:\n${log}`);
    for (const service of ['api', 'frontend'] as const) {
      expect(await digest(service, 'v1.0.0')).toBe(await digest(service, 'v1.0.0-beta.1'));
      // The promoted bytes still report the version they were built as.
      expect(await version(healthOf(production, service))).toMatchObject({ version: 'v1.0.0-beta.1' });
      expect(await digest(service, 'latest')).toBe(await digest(service, 'v1.0.0'));
    }
    expect(github.state.deployments.filter((d) => d.environment === 'production')).toHaveLength(1);
    expect(github.validationErrors).toEqual([]);
    expect(leakedSecrets(log, [TOKEN, production.sshd.privateKey])).toEqual([]);
  });

  it('release v1.1.0 with a broken frontend only: both services back on v1.0.0 together, latest stays, recorded', async () => {
    writeConfig('broken');
    const { result, log } = await release('v1.1.0', false, production, 'bad1ea5e6cbbf934b08745a378932722df287a53');
    writeConfig('ok');
    expect(result.result).toBe('failure');
    const deploy = result.jobs[0]?.called?.jobs.find((j) => j.id === 'deploy');
    if (deploy?.outputs.result !== 'rolled-back') throw new Error(`not rolled back:\n${log}`);
    for (const service of ['api', 'frontend'] as const) {
      expect(await digest(service, 'v1.1.0')).not.toBe(await digest(service, 'v1.0.0'));
      // Both back on the v1.0.0 images (which report the version they were built as).
      expect(await version(healthOf(production, service))).toMatchObject({ version: 'v1.0.0-beta.1' });
      // A release that was rolled back never holds latest.
      expect(await digest(service, 'latest')).toBe(await digest(service, 'v1.0.0'));
    }
    const states = (id: number) => github.state.statuses.filter((s) => s.deploymentId === id).map((s) => s.state);
    const records = github.state.deployments.filter((d) => d.environment === 'production');
    expect(records).toHaveLength(3);
    const [, broken, rollback] = records;
    expect(states(broken!.id)).toContain('failure');
    expect(states(rollback!.id)).toContain('success');
    // The rollback's record names both services with the images of v1.0.0.
    const payload = JSON.stringify(rollback!.payload);
    for (const service of ['api', 'frontend']) expect(payload).toContain((await digest(service, 'v1.0.0'))!);
    expect(log).toMatch(/v1\.1\.0 was unhealthy on production and was rolled back/);
  });

  it('a manual rollback after a healthy v1.2.0 returns both services to v1.0.0, and latest with them', async () => {
    const shipped = await release('v1.2.0', false, production, 'feed1e5e6cbbf934b08745a378932722df287a53');
    if (shipped.result.result !== 'success') throw new Error(`v1.2.0 failed:\n${shipped.log}`);
    for (const service of ['api', 'frontend'] as const) {
      expect(await version(healthOf(production, service))).toMatchObject({ version: 'v1.2.0' });
      expect(await digest(service, 'latest')).toBe(await digest(service, 'v1.2.0'));
    }
    const lines: string[] = [];
    const inputs = { environment: 'production', reason: 'v1.2.0 breaks checkout' };
    const run = await runWorkflow({
      file: join(repoRoot, '.github/workflows/rollback.yml'),
      event: { inputs, repository: { full_name: 'daidai/avatar' }, sender: { login: 'octocat' } },
      eventName: 'workflow_dispatch',
      inputs,
      secrets: {
        GITHUB_TOKEN: TOKEN,
        DEPLOY_SSH_KEY: production.sshd.privateKey,
        DEPLOY_SSH_KNOWN_HOSTS: production.sshd.knownHosts,
      },
      env: { ...podman.env, GITHUB_API_URL: github.url },
      workspace,
      toolkitRoot: repoRoot,
      log: (line) => lines.push(line),
      masker: new Masker(),
    });
    if (run.result !== 'success') throw new Error(`rollback failed:\n${lines.join('\n')}`);
    expect(run.outputs).toMatchObject({ version: 'v1.0.0' });
    for (const service of ['api', 'frontend'] as const) {
      expect(await version(healthOf(production, service))).toMatchObject({ version: 'v1.0.0-beta.1' });
      // The release rolled away from no longer holds latest.
      expect(await digest(service, 'latest')).toBe(await digest(service, 'v1.0.0'));
    }
  });
});
