// Rolling with per-host: blue-green on real parts: two ssh-compose hosts (one sshd each, its
// own host key), each behind its own nginx (Debian's, run as the host's own proxy), Podman and
// a registry. Each host gets the new release beside the old one and its nginx switches; when
// the second host fails its health check, both hosts switch back to the release they ran. The
// job summary shows each host's own blue-green steps under the host table.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BlueGreenTarget,
  hostHealthCheck,
  MultiHostTarget,
  RolloutFailedError,
  rolloutMarkdown,
  rolloutStatusText,
  type HostSlot,
  type HostsRolloutReport,
} from '@deploy-kit/targets';
import {
  buildAppImage,
  runCommand,
  startPodman,
  startRegistry,
  startSshd,
  type Podman,
  type Registry,
  type Sshd,
} from '../infra';
import { startHostNginx, type HostNginx } from '../rollout-host/host-nginx';
import { healthFor, quietLog, registryDigest, requestFor } from './hosts';

interface BlueGreenHost {
  name: string;
  sshd: Sshd;
  nginx: HostNginx;
  projectDir: string;
}

let registry: Registry;
let podman: Podman;
const hosts: BlueGreenHost[] = [];
const digests: Record<string, string> = {};
const request = (version: string) => requestFor(version, registry.localhost, digests);
const host = (name: string) => hosts.find((h) => h.name === name)!;

function compose(target: BlueGreenHost, brokenHealth = false): void {
  if (brokenHealth) writeFileSync(join(target.projectDir, 'broken-health.json'), '{"status":"unhealthy"}');
  const volume = brokenHealth ? '\n    volumes: ["./broken-health.json:/www/api/health:ro"]' : '';
  writeFileSync(
    join(target.projectDir, 'compose.yml'),
    `services:\n  api:\n    image: \${API_IMAGE}\n    ports: ["127.0.0.1::8080"]${volume}\n`,
  );
}

function slot(target: BlueGreenHost): HostSlot {
  return {
    name: target.name,
    target: new BlueGreenTarget({
      connection: {
        host: target.sshd.host,
        port: target.sshd.port,
        user: target.sshd.user,
        privateKey: target.sshd.privateKey,
        knownHosts: target.sshd.knownHosts,
        skipHostKeyCheck: false,
        connectTimeoutMs: 20_000,
      },
      project: { projectDir: target.projectDir, composeCommand: 'docker compose' },
      proxy: { kind: 'nginx', runs: { kind: 'host' }, upstream: 'api', configFile: target.nginx.configFile },
      commandTimeoutMs: 180_000,
      healthPath: '/api/health',
      healthTimeoutMs: 60_000,
      drainTimeoutMs: 2_000,
      keepMs: 3_600_000,
    }),
  };
}

/** Rolling, one host per batch, each host blue-green behind its nginx and checked through it. */
function rolling(version: string): MultiHostTarget {
  return new MultiHostTarget({
    hosts: hosts.map(slot),
    plan: { kind: 'rolling', batch: { kind: 'count', hosts: 1 }, hooks: {} },
    checkHost: (name, deploy, signal) =>
      hostHealthCheck([healthFor(`http://127.0.0.1:${host(name).nginx.port}/api/health`, version)], quietLog)(
        name,
        deploy,
        signal,
      ),
    hookTimeoutMs: 30_000,
  });
}

async function served(target: BlueGreenHost): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${target.nginx.port}/`, { signal: AbortSignal.timeout(10_000) });
  return (await answer.text()).trim();
}

beforeAll(async () => {
  [registry, podman] = await Promise.all([startRegistry(), startPodman()]);
  for (const name of ['a', 'b']) {
    const nginx = await startHostNginx('api');
    const sshd = await startSshd({
      env: { ...podman.env, PATH: `${nginx.binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
    });
    const target = { name, sshd, nginx, projectDir: mkdtempSync(join(tmpdir(), `deploy-kit-mhbg-${name}-`)) };
    compose(target);
    hosts.push(target);
  }
  for (const version of ['v1', 'v2']) {
    await buildAppImage({ env: podman.env, ref: `${registry.localhost}/octo-org/api:${version}`, version, push: true });
    digests[version] = await registryDigest(registry, version);
  }
}, 600_000);

afterAll(async () => {
  const env = { ...process.env, ...podman?.env, API_IMAGE: 'unused' };
  for (const target of hosts) {
    const folder = target.projectDir
      .split('/')
      .pop()!
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '');
    for (const colour of ['blue', 'green']) {
      await runCommand('docker', ['compose', '-p', `${folder}-${colour}`, 'down'], {
        env,
        cwd: target.projectDir,
        timeoutMs: 120_000,
      }).catch(() => undefined);
    }
    await target.sshd.stop();
    await target.nginx.stop();
    rmSync(target.projectDir, { recursive: true, force: true });
  }
  await Promise.all([registry?.stop(), podman?.stop()]);
}, 300_000);

describe('rolling with per-host: blue-green', () => {
  it('puts v1 on both hosts, each behind its own nginx', async () => {
    const report = await rolling('v1').deploy(request('v1'), quietLog);
    expect(report.hosts.map((h) => [h.host, h.status])).toEqual([
      ['a', 'updated'],
      ['b', 'updated'],
    ]);
    expect(await served(host('a'))).toBe('v1');
    expect(await served(host('b'))).toBe('v1');
    // The summary: the host table, then each host's blue-green steps (started beside, checked, switched).
    const summary = rolloutMarkdown(report);
    expect(summary).toMatch(/\| a \| 1 \| ✅ updated \|/);
    for (const name of ['a', 'b']) {
      const own = summary.split(`**${name}**, its deploy:`)[1]?.split(/\*\*[ab]\*\*, /)[0] ?? '';
      expect(own).toMatch(/\*\*blue-green\*\* on .*: switched \(live: \w+\)/);
      expect(own).toMatch(/\| ✅ health check \w+ on its own port \|/);
      expect(own).toMatch(/\| ✅ switch/);
    }
    expect(rolloutStatusText(report, 140)).toBe('rolling a:ok b:ok');
  }, 600_000);

  it('when the second host fails its check through its nginx, both switch back to v1', async () => {
    compose(host('b'), true);
    const target = rolling('v2');
    await target.current(request('v2').services, quietLog);
    const error = await target.deploy(request('v2'), quietLog).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(RolloutFailedError);
    const { report } = error as RolloutFailedError<HostsRolloutReport>;
    expect(report.hosts.map((h) => [h.host, h.status, 'revert' in h ? h.revert.kind : '-'])).toEqual([
      ['a', 'rolled-back', 'reverted'],
      ['b', 'failed', 'reverted'],
    ]);
    expect(await served(host('a'))).toBe('v1');
    expect(await served(host('b'))).toBe('v1');
    // Each host's steps: its deploy (b's nginx switched, then the check through it failed), then
    // putting it back (a switch back to the kept colour), newest first.
    expect(report.hostSteps?.map((entry) => [entry.host, entry.during, entry.report.outcome])).toEqual([
      ['a', 'deploy', 'switched'],
      ['b', 'deploy', 'switched'],
      ['b', 'revert', 'switched-back'],
      ['a', 'revert', 'switched-back'],
    ]);
    expect(rolloutMarkdown(report)).toContain('**b**, putting back the previous release:');
    // Each nginx routes to the colour v1 runs in again.
    for (const name of ['a', 'b'])
      expect(readFileSync(host(name).nginx.configFile, 'utf8')).toMatch(/^# deploy-kit: live=blue\n/);
  }, 900_000);
});
