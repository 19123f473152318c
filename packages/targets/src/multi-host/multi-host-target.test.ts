// The multi-host rules over hosts kept in memory (the real hosts run in test/rollout-multi-host).
import { describe, expect, it } from '@jest/globals';
import { memoryLog } from '../test-log';
import type { BlueGreenReport } from '../blue-green/rollout-report';
import type {
  DeployRequest,
  DeployTarget,
  HostsRolloutReport,
  RolloutReport,
  RunningRelease,
  ServiceSlot,
} from '../types';
import { MultiHostTarget } from './multi-host-target';
import { RolloutFailedError } from './rollout-failed-error';

const slot: ServiceSlot = { service: 'api', composeService: 'api', imageVariable: 'API_IMAGE' };
const digest = (n: number) => `sha256:${String(n).repeat(64)}`;
const request = (version: string, n: number): DeployRequest => ({
  version,
  environment: 'production',
  services: [{ ...slot, image: `r/api:${version}`, digest: digest(n), imageRef: `r/api@${digest(n)}` }],
});

/** One host: runs one release; `failOn` makes deploying that version throw (after changing nothing). */
class MemoryHost implements DeployTarget {
  readonly kind = 'ssh-compose';
  deploys: string[] = [];
  constructor(
    readonly name: string,
    public running: DeployRequest | undefined,
    private readonly failOn?: string,
  ) {}
  describe(): string {
    return `memory ${this.name}`;
  }
  async current(): Promise<RunningRelease | undefined> {
    const running = this.running;
    if (!running) return undefined;
    return {
      version: running.version,
      services: running.services.map((s) => ({ service: s.service, imageRef: s.imageRef, digest: s.digest })),
    };
  }
  async deploy(deploy: DeployRequest): Promise<RolloutReport | void> {
    this.deploys.push(deploy.version);
    if (deploy.version === this.failOn) throw new Error(`compose up failed on ${this.name}`);
    this.running = deploy;
  }
}

function hosts(...list: MemoryHost[]) {
  return list.map((host) => ({ name: host.name, target: host }));
}

describe('MultiHostTarget, recreate', () => {
  it('stops at the first host that fails and puts back the hosts already updated', async () => {
    const a = new MemoryHost('a', request('v1', 1));
    const b = new MemoryHost('b', request('v1', 1), 'v2');
    const c = new MemoryHost('c', request('v1', 1));
    const target = new MultiHostTarget({ hosts: hosts(a, b, c), plan: { kind: 'recreate' }, hookTimeoutMs: 1000 });
    expect(target.rollout).toEqual({ strategy: 'recreate', hosts: ['a', 'b', 'c'] });
    expect((await target.current([slot], memoryLog()))?.version).toBe('v1');

    const error = await target.deploy(request('v2', 2), memoryLog()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RolloutFailedError);
    expect((error as Error).message).toBe(
      'The rollout stopped at batch 2 of 3 (b: deploy failed: compose up failed on b); a, b are back on the previous release',
    );
    expect([a.running?.version, b.running?.version, c.running?.version]).toEqual(['v1', 'v1', 'v1']);
    expect(c.deploys).toEqual([]);
    expect((error as RolloutFailedError<HostsRolloutReport>).report.hosts.map((h) => [h.host, h.status])).toEqual([
      ['a', 'rolled-back'],
      ['b', 'failed'],
      ['c', 'not-started'],
    ]);
  });

  it('says so when a host has nothing to go back to (its first deploy)', async () => {
    const a = new MemoryHost('a', undefined);
    const b = new MemoryHost('b', undefined, 'v1');
    const target = new MultiHostTarget({ hosts: hosts(a, b), plan: { kind: 'recreate' }, hookTimeoutMs: 1000 });
    const error = await target.deploy(request('v1', 1), memoryLog()).catch((thrown: unknown) => thrown);
    expect((error as RolloutFailedError<HostsRolloutReport>).report.outcome).toBe('rollback-failed');
    expect((error as Error).message).toMatch(
      /could NOT put back the previous release on a \(a has no record of what api ran before this rollout/,
    );
  });
});

describe('MultiHostTarget, current', () => {
  it('is unknown when the hosts run different releases, so the engine goes by its records', async () => {
    const log = memoryLog();
    const target = new MultiHostTarget({
      hosts: hosts(new MemoryHost('a', request('v1', 1)), new MemoryHost('b', request('v2', 2))),
      plan: { kind: 'recreate' },
      hookTimeoutMs: 1000,
    });
    expect(await target.current([slot], log)).toBeUndefined();
    expect(log.warnings).toEqual([expect.stringContaining('do not run the same release (a: v1, b: v2)')]);
  });

  it('refuses a host given twice', () => {
    expect(
      () =>
        new MultiHostTarget({
          hosts: hosts(new MemoryHost('a', undefined), new MemoryHost('a', undefined)),
          plan: { kind: 'recreate' },
          hookTimeoutMs: 1000,
        }),
    ).toThrow('multi-host: a is given twice');
  });
});

describe('MultiHostTarget, rolling hooks', () => {
  it('runs the hooks on the runner with DEPLOY_HOST, and a failing before hook fails its host untouched', async () => {
    const a = new MemoryHost('a', request('v1', 1));
    const b = new MemoryHost('b', request('v1', 1));
    const log = memoryLog();
    const target = new MultiHostTarget({
      hosts: hosts(a, b),
      plan: {
        kind: 'rolling',
        batch: { kind: 'count', hosts: 1 },
        hooks: { before: 'echo "out of the balancer: $DEPLOY_HOST $DEPLOY_VERSION"; test "$DEPLOY_HOST" != b' },
      },
      hookTimeoutMs: 10_000,
    });
    const error = await target.deploy(request('v2', 2), log).catch((thrown: unknown) => thrown);
    expect(log.lines).toContain('out of the balancer: a v2');
    expect((error as RolloutFailedError<HostsRolloutReport>).report.hosts).toEqual([
      expect.objectContaining({
        host: 'a',
        status: 'rolled-back',
        revert: expect.objectContaining({ kind: 'reverted' }),
      }),
      expect.objectContaining({ host: 'b', status: 'failed', phase: 'before', revert: { kind: 'not-needed' } }),
    ]);
    expect(b.deploys).toEqual([]);
    expect(a.running?.version).toBe('v1');
  });
});

/** One host behind its proxy: each deploy reports its blue-green steps; `failOn` fails one after its start. */
class BlueGreenMemoryHost extends MemoryHost {
  override async deploy(deploy: DeployRequest): Promise<BlueGreenReport> {
    const at = Date.UTC(2026, 10, 30, 7);
    const started = { name: `start ${deploy.version} beside`, startedAt: at, finishedAt: at + 1, ok: true };
    if (deploy.version === this.failVersion) {
      const check = { name: 'health check green on its own port', startedAt: at + 1, finishedAt: at + 2, ok: false };
      const report: BlueGreenReport = {
        strategy: 'blue-green',
        host: this.name,
        outcome: 'failed',
        live: 'blue',
        steps: [started, check],
      };
      throw new RolloutFailedError(`${deploy.version} never became healthy on ${this.name}`, report);
    }
    await super.deploy(deploy);
    return { strategy: 'blue-green', host: this.name, outcome: 'switched', live: 'green', steps: [started] };
  }
  constructor(
    name: string,
    running: DeployRequest | undefined,
    private readonly failVersion?: string,
  ) {
    super(name, running);
  }
}

describe('MultiHostTarget over hosts that go in steps (per-host: blue-green)', () => {
  it("keeps each host's own steps, those of a failed deploy and of putting a host back too", async () => {
    const a = new BlueGreenMemoryHost('a', request('v1', 1));
    const b = new BlueGreenMemoryHost('b', request('v1', 1), 'v2');
    const target = new MultiHostTarget({
      hosts: hosts(a, b),
      plan: { kind: 'rolling', batch: { kind: 'count', hosts: 1 }, hooks: {} },
      hookTimeoutMs: 1000,
    });
    const error = await target.deploy(request('v2', 2), memoryLog()).catch((thrown: unknown) => thrown);
    const report = (error as RolloutFailedError<HostsRolloutReport>).report;
    expect(report.hostSteps?.map((entry) => [entry.host, entry.during, entry.report.outcome])).toEqual([
      ['a', 'deploy', 'switched'],
      ['b', 'deploy', 'failed'],
      // Newest first; b too, as a host that failed half-way may have changed something.
      ['b', 'revert', 'switched'],
      ['a', 'revert', 'switched'],
    ]);
    expect(report.hostSteps?.[1]?.report.steps.map((step) => step.ok)).toEqual([true, false]);
  });
});

describe('MultiHostTarget and the versions the engine resolved', () => {
  it('gives each host check the request with expect-version’s versions, and a revert without them', async () => {
    const a = new MemoryHost('a', request('v1', 1));
    const b = new MemoryHost('b', request('v1', 1));
    const seen: Array<[string, DeployRequest['expectVersions']]> = [];
    const target = new MultiHostTarget({
      hosts: hosts(a, b),
      plan: { kind: 'rolling', batch: { kind: 'count', hosts: 1 }, hooks: {} },
      checkHost: async (host, deploy) => {
        seen.push([host, deploy.expectVersions]);
        return host === 'b' ? { kind: 'unhealthy', reason: 'answers v2, expected v2-rc.1' } : { kind: 'healthy' };
      },
      hookTimeoutMs: 1000,
    });
    const promoted = { ...request('v2', 2), expectVersions: { api: 'v2-rc.1' } };
    await expect(target.deploy(promoted, memoryLog())).rejects.toThrow(RolloutFailedError);
    expect(seen).toEqual([
      ['a', { api: 'v2-rc.1' }],
      ['b', { api: 'v2-rc.1' }],
    ]);
    // Put back as v1, holding no version of the release that failed.
    expect(a.running).toMatchObject({ version: 'v1' });
    expect(a.running).not.toHaveProperty('expectVersions');
  });
});
