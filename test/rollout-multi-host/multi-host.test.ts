// Several ssh-compose hosts on real parts: three sshd (each its own host key), Podman behind
// the docker CLI, a registry. recreate over two hosts; rolling over three with batch 1 (hosts
// in order, each health-checked, hooks around each); one host of three failing its health
// check, after which every host already updated is back on the previous release.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostHealthCheck, MultiHostTarget, RolloutFailedError, type HostsRolloutReport } from '@deploy-kit/targets';
import { buildAppImage, startPodman, startRegistry, type Podman, type Registry } from '../infra';
import {
  healthFor,
  registryDigest,
  hostSlot,
  quietLog,
  requestFor,
  served,
  startHosts,
  stopHosts,
  writeCompose,
  type TestHost,
} from './hosts';

let registry: Registry;
let podman: Podman;
let hosts: TestHost[] = [];
const digests: Record<string, string> = {};
const hookDir = mkdtempSync(join(tmpdir(), 'deploy-kit-mh-hooks-'));
const hookFile = join(hookDir, 'hooks.log');

const request = (version: string) => requestFor(version, registry.localhost, digests);
const host = (name: string) => hosts.find((h) => h.name === name)!;

/** Each host checked on its own app's URL, holding it to the version being deployed. */
function checkEachHost(version: string) {
  return (name: string, deploy: unknown, signal?: AbortSignal) =>
    hostHealthCheck([healthFor(`http://127.0.0.1:${host(name).appPort}/api/health`, version)], quietLog)(
      name,
      deploy,
      signal,
    );
}

function rolling(names: string[], version: string): MultiHostTarget {
  return new MultiHostTarget({
    hosts: names.map((name) => hostSlot(host(name))),
    plan: {
      kind: 'rolling',
      batch: { kind: 'count', hosts: 1 },
      hooks: {
        before: `echo "before $DEPLOY_HOST $DEPLOY_VERSION" >> ${hookFile}`,
        after: `echo "after $DEPLOY_HOST $DEPLOY_VERSION" >> ${hookFile}`,
      },
    },
    checkHost: checkEachHost(version),
    hookTimeoutMs: 30_000,
  });
}

beforeAll(async () => {
  [registry, podman] = await Promise.all([startRegistry(), startPodman()]);
  hosts = await startHosts(['a', 'b', 'c'], podman);
  for (const version of ['v1', 'v2', 'v3']) {
    await buildAppImage({ env: podman.env, ref: `${registry.localhost}/octo-org/api:${version}`, version, push: true });
    digests[version] = await registryDigest(registry, version);
  }
}, 600_000);

afterAll(async () => {
  await stopHosts(hosts, podman);
  await Promise.all([registry?.stop(), podman?.stop()]);
  rmSync(hookDir, { recursive: true, force: true });
}, 300_000);

describe('several ssh-compose hosts', () => {
  it('recreate over two hosts updates both, one after the other', async () => {
    const target = new MultiHostTarget({
      hosts: [hostSlot(host('a')), hostSlot(host('b'))],
      plan: { kind: 'recreate' },
      hookTimeoutMs: 30_000,
    });
    expect(await target.current(request('v1').services, quietLog)).toBeUndefined();
    const report = await target.deploy(request('v1'), quietLog);
    expect(report).toMatchObject({ strategy: 'recreate', outcome: 'completed' });
    expect(report.hosts.map((h) => [h.host, h.status, h.batch])).toEqual([
      ['a', 'updated', 1],
      ['b', 'updated', 2],
    ]);
    expect(await served(host('a'))).toBe('v1');
    expect(await served(host('b'))).toBe('v1');
    // Both now say they run v1, so the engine sees one release.
    expect((await target.current(request('v1').services, quietLog))?.version).toBe('v1');
  }, 600_000);

  it('rolling over three hosts, batch 1: host by host in order, each in its hooks and health-checked', async () => {
    // c joins on v1 first, as its own one-host target.
    await hostSlot(host('c')).target.deploy(request('v1'), quietLog);
    const target = rolling(['a', 'b', 'c'], 'v2');
    await target.current(request('v2').services, quietLog);
    const report = await target.deploy(request('v2'), quietLog);

    expect(report).toMatchObject({ strategy: 'rolling', outcome: 'completed' });
    expect(report.hosts.map((h) => [h.host, h.status, h.batch])).toEqual([
      ['a', 'updated', 1],
      ['b', 'updated', 2],
      ['c', 'updated', 3],
    ]);
    // In order: each host finished (health included) before the next started.
    const times = report.hosts.map((h) => (h.status === 'updated' ? [h.startedAt, h.finishedAt] : [0, 0]));
    expect(times[1]![0]).toBeGreaterThanOrEqual(times[0]![1]!);
    expect(times[2]![0]).toBeGreaterThanOrEqual(times[1]![1]!);
    expect(readFileSync(hookFile, 'utf8').trim().split('\n')).toEqual([
      'before a v2',
      'after a v2',
      'before b v2',
      'after b v2',
      'before c v2',
      'after c v2',
    ]);
    for (const name of ['a', 'b', 'c']) expect(await served(host(name))).toBe('v2');
  }, 900_000);

  it('one host of three failing its health check: the rollout stops and every updated host is back on the previous release', async () => {
    rmSync(hookFile, { force: true });
    // c's app now reports itself unhealthy whatever release it runs.
    writeCompose(host('c'), { brokenHealth: true });
    const target = rolling(['a', 'b', 'c'], 'v3');
    await target.current(request('v3').services, quietLog);

    const error = await target.deploy(request('v3'), quietLog).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(RolloutFailedError);
    const report = (error as RolloutFailedError).report as HostsRolloutReport;
    expect((error as Error).message).toMatch(
      /^The rollout stopped at batch 3 of 3 \(c: health failed: .*\); a, b, c are back on the previous release$/,
    );
    expect(report).toMatchObject({ strategy: 'rolling', outcome: 'rolled-back' });
    expect(report.hosts.map((h) => [h.host, h.status, 'revert' in h ? h.revert.kind : '-'])).toEqual([
      ['a', 'rolled-back', 'reverted'],
      ['b', 'rolled-back', 'reverted'],
      ['c', 'failed', 'reverted'],
    ]);
    expect(report.hosts[2]).toMatchObject({ phase: 'health', error: expect.stringContaining('unhealthy') });
    // Every host runs v2 again: a and b answer as v2, and so does c (its app is up, only its health file is broken).
    for (const name of ['a', 'b', 'c']) expect(await served(host(name))).toBe('v2');
    // The hooks wrapped the reverts too, so a load balancer gets each host back.
    const hookLines = readFileSync(hookFile, 'utf8').trim().split('\n');
    expect(hookLines.slice(0, 5)).toEqual(['before a v3', 'after a v3', 'before b v3', 'after b v3', 'before c v3']);
    expect(hookLines.slice(5)).toEqual(['after c v3', 'before b v3', 'after b v3', 'before a v3', 'after a v3']);
  }, 900_000);
});
