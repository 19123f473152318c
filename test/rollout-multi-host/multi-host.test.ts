// Several ssh-compose hosts on real parts: three sshd (each its own host key), Podman behind
// the docker CLI, a registry. recreate over two hosts; rolling over three with batch 1 (hosts
// in order, each health-checked, hooks around each); one host of three failing its health
// check, after which every host already updated is back on the previous release; a promoted
// release (its image built as the prerelease) whose per-host checks expect the built version.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  outcomeNotice,
  outcomeSummarySections,
  registryBuiltVersion,
  releaseOutcome,
  runRelease,
  type BuiltVersionReader,
  type ReleaseHealthCheck,
  type ReleaseProgress,
  type ReleaseTask,
} from '@deploy-kit/engine';
import { createGitHubClient } from '@deploy-kit/github';
import { DeploymentLedger } from '@deploy-kit/ledger';
import { RegistryClient } from '@deploy-kit/registry';
import {
  hostHealthCheck,
  MultiHostTarget,
  RolloutFailedError,
  type DeployRequest,
  type HostsRolloutReport,
  type MultiHostOptions,
  type RolloutReport,
} from '@deploy-kit/targets';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
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
let github: FakeGitHub;
let hosts: TestHost[] = [];
const digests: Record<string, string> = {};
const hookDir = mkdtempSync(join(tmpdir(), 'deploy-kit-mh-hooks-'));
const hookFile = join(hookDir, 'hooks.log');

const request = (version: string) => requestFor(version, registry.localhost, digests);
const host = (name: string) => hosts.find((h) => h.name === name)!;

const healthUrl = (name: string) => `http://127.0.0.1:${host(name).appPort}/api/health`;

/** Each host checked on its own app's URL, holding it to the version being deployed. */
function checkEachHost(version: string) {
  return (name: string, deploy: DeployRequest, signal?: AbortSignal) =>
    hostHealthCheck([healthFor(healthUrl(name), version)], quietLog)(name, deploy, signal);
}

/**
 * expect-version: true as the config file gives it (the release's version, and the service whose
 * image decides): the check the engine runs after the rollout, and the one each host gets.
 */
function builtVersionCheck(urls: string[], release: string): ReleaseHealthCheck {
  return { ...healthFor(urls[0]!, release), urls, expectBuiltVersionOf: 'api' };
}

function checkEachHostBuiltVersion(release: string) {
  return (name: string, deploy: DeployRequest, signal?: AbortSignal) =>
    hostHealthCheck([builtVersionCheck([healthUrl(name)], release)], quietLog)(name, deploy, signal);
}

const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';

/** The engine's rollout report, which over several hosts is a per-host one. */
function hostsReport(report: RolloutReport | undefined): HostsRolloutReport {
  if (report?.strategy !== 'rolling' && report?.strategy !== 'recreate') throw new Error('expected a hosts report');
  return report;
}

/** A deploy of a known request, as the deploy action's task would intend it once its images are resolved. */
function deployOf(deploy: DeployRequest): ReleaseTask {
  return {
    kind: 'deploy',
    intent: async () => ({ kind: 'release', request: deploy, sha: SHA, description: `Deploy ${deploy.version}` }),
  };
}

/** The engine's one deploy flow over the target, recorded in the (fake) GitHub deployments ledger. */
async function release(
  target: MultiHostTarget,
  version: string,
  checks: { health?: ReleaseHealthCheck[]; readBuiltVersion?: BuiltVersionReader } = {},
) {
  const ledger = new DeploymentLedger(
    createGitHubClient('ghs_test', { baseUrl: github.url }),
    { owner: 'octo-org', repo: 'hello-world' },
    { logUrl: 'https://github.com/octo-org/hello-world/actions/runs/1' },
  );
  const progress: ReleaseProgress = {};
  const task = deployOf(request(version));
  const error = await runRelease(
    checks.readBuiltVersion ? { ...task, readBuiltVersion: checks.readBuiltVersion } : task,
    {
      target,
      ledger,
      environment: 'production',
      services: request(version).services,
      log: quietLog,
      ...(checks.health ? { health: checks.health } : {}),
    },
    progress,
  ).then(
    () => undefined,
    (thrown: unknown) => thrown as Error,
  );
  await ledger.flush();
  const outcome = releaseOutcome('deploy', progress, error, { environment: 'production', version });
  const summary = outcomeSummarySections(outcome, { target })
    .map((section) => section.text ?? '')
    .join('\n');
  return { progress, error, outcome, summary, notice: outcomeNotice(outcome) };
}

/** The deployment records' payloads and final statuses, newest first. */
function records() {
  const creates = github.requests.filter((r) => r.operationId === 'repos/create-deployment');
  const statuses = github.requests.filter((r) => r.operationId === 'repos/create-deployment-status');
  return { creates, statuses };
}

function rolling(
  names: string[],
  version: string,
  checkHost: MultiHostOptions['checkHost'] = checkEachHost(version),
): MultiHostTarget {
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
    checkHost,
    hookTimeoutMs: 30_000,
  });
}

beforeAll(async () => {
  [registry, podman, github] = await Promise.all([startRegistry(), startPodman(), startFakeGitHub()]);
  hosts = await startHosts(['a', 'b', 'c'], podman);
  for (const version of ['v1', 'v2', 'v3', 'v4-rc.1']) {
    await buildAppImage({ env: podman.env, ref: `${registry.localhost}/octo-org/api:${version}`, version, push: true });
    digests[version] = await registryDigest(registry, version);
  }
  // v4 is a promotion: the release deploys the digest built (and labelled) as v4-rc.1.
  digests.v4 = digests['v4-rc.1']!;
}, 600_000);

afterAll(async () => {
  await stopHosts(hosts, podman);
  await Promise.all([registry?.stop(), podman?.stop(), github?.stop()]);
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
    const { progress, error, outcome, summary, notice } = await release(rolling(['a', 'b', 'c'], 'v2'), 'v2');
    expect(error).toBeUndefined();
    expect(outcome.kind).toBe('deployed');
    const report = hostsReport(progress.rollout);
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
    // The ledger's payload says how it rolled out; the summary and the notification show each host.
    expect(records().creates.at(-1)?.body).toMatchObject({
      payload: expect.objectContaining({ rollout: { strategy: 'rolling', hosts: ['a', 'b', 'c'] } }),
    });
    expect(summary).toContain('**rolling** over 3 host(s): ✅ every host updated');
    expect(summary).toMatch(/\| a \| 1 \| ✅ updated \|/);
    expect(notice.detail).toBe('Hosts (rolling): a updated, b updated, c updated.');
    // The payload is fixed once created: each host's result is in the final status instead.
    const success = records().statuses.filter((s) => (s.body as { state?: string }).state === 'success');
    expect(success.at(-1)?.body).toMatchObject({ description: 'Deploy v2: live; rolling a:ok b:ok c:ok' });
    // While it ran, each host updated went to the deployment as an in_progress status, in order
    // (a report coming faster than GitHub takes writes would be coalesced to the newest; each
    // status of it in order is checked through the engine in progress.test.ts), the success last.
    const id = Math.max(...github.state.deployments.map((d) => d.id));
    const statuses = github.state.statuses.filter((s) => s.deploymentId === id);
    expect(statuses.at(-1)?.state).toBe('success');
    const hostLines = ['a', 'b', 'c'].map((name, i) => `Deploy v2: rolling: ${name} updated (${i + 1} of 3 hosts)`);
    const reported = statuses.slice(1, -1).map((s) => hostLines.indexOf(s.description));
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((i) => i >= 0)).toBe(true);
    expect(reported).toEqual([...reported].sort((x, y) => x - y));
  }, 900_000);

  it('one host of three failing its health check: the rollout stops and every updated host is back on the previous release', async () => {
    rmSync(hookFile, { force: true });
    // c's app now reports itself unhealthy whatever release it runs.
    writeCompose(host('c'), { brokenHealth: true });
    const { progress, error, outcome, summary, notice } = await release(rolling(['a', 'b', 'c'], 'v3'), 'v3');
    // Red: the deploy failed on the target, and says so with every host's result.
    expect(error).toBeInstanceOf(RolloutFailedError);
    expect(outcome).toMatchObject({ kind: 'failed', step: 'on-target', applied: false });
    const report = hostsReport(progress.rollout);
    expect(outcome.kind === 'failed' && outcome.facts?.rollout).toEqual(report);
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
    // The summary's host table, the notification and the ledger's failure status name what happened.
    expect(summary).toContain('**rolling** over 3 host(s): ↩️ stopped');
    expect(summary).toMatch(/\| c \| 3 \| ❌ health failed: .*\| ✅ reverted in /);
    expect(summary).toMatch(/\| a \| 1 \| ↩️ updated, then rolled back \| ✅ reverted in /);
    expect(notice).toMatchObject({ status: 'failure', version: 'v3' });
    expect(notice.detail).toMatch(/Hosts \(rolling\): a rolled back, b rolled back, c health failed \(put back\)\.$/);
    const failure = records().statuses.at(-1)?.body as { state: string; description: string };
    expect(failure.state).toBe('failure');
    expect(failure.description).toMatch(
      /^rolling a:back b:back c:health-failed; The rollout stopped at batch 3 of 3 \(c: health failed/,
    );
    expect([...failure.description].length).toBeLessThanOrEqual(140);
  }, 900_000);
  describe('expect-version: true on a promoted release (v4, its image built and labelled as v4-rc.1)', () => {
    const builtVersion = registryBuiltVersion(new RegistryClient({ timeoutMs: 10_000 }));
    const everyHost = () => ['a', 'b', 'c'].map(healthUrl);

    it('a host answering another version than the image was built as fails its check, and the rollout rolls back', async () => {
      // c's app says it is ok, but reports v3 whatever image runs.
      writeCompose(host('c'), { answersVersion: 'v3' });
      const { progress, error, outcome } = await release(
        rolling(['a', 'b', 'c'], 'v4', checkEachHostBuiltVersion('v4')),
        'v4',
        { health: [builtVersionCheck(everyHost(), 'v4')], readBuiltVersion: builtVersion },
      );
      expect(error).toBeInstanceOf(RolloutFailedError);
      expect(outcome).toMatchObject({ kind: 'failed', step: 'on-target' });
      const report = hostsReport(progress.rollout);
      // a and b passed theirs: they answer v4-rc.1, the version the engine read from the label.
      expect(report.hosts.map((h) => [h.host, h.status])).toEqual([
        ['a', 'rolled-back'],
        ['b', 'rolled-back'],
        ['c', 'failed'],
      ]);
      expect(report.hosts[2]).toMatchObject({ phase: 'health', error: expect.stringContaining('v4-rc.1') });
      for (const name of ['a', 'b']) expect(await served(host(name))).toBe('v2');
    }, 900_000);

    it('every host answering the built version passes its check, though the release is v4', async () => {
      writeCompose(host('c'));
      const { progress, error, outcome } = await release(
        rolling(['a', 'b', 'c'], 'v4', checkEachHostBuiltVersion('v4')),
        'v4',
        { health: [builtVersionCheck(everyHost(), 'v4')], readBuiltVersion: builtVersion },
      );
      expect(error).toBeUndefined();
      expect(outcome.kind).toBe('deployed');
      const report = hostsReport(progress.rollout);
      expect(report.hosts.map((h) => [h.host, h.status])).toEqual([
        ['a', 'updated'],
        ['b', 'updated'],
        ['c', 'updated'],
      ]);
      for (const name of ['a', 'b', 'c']) expect(await served(host(name))).toBe('v4-rc.1');
    }, 900_000);
  });
});
