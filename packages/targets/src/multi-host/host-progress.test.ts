// The progress lines a rollout over several hosts reports while it runs, over hosts kept in memory.
import { describe, expect, it } from '@jest/globals';
import { memoryLog } from '../test-log';
import type { DeployRequest, DeployTarget, RunningRelease } from '../types';
import { MultiHostTarget, type MultiHostPlan } from './multi-host-target';

const digest = (n: number) => `sha256:${String(n).repeat(64)}`;
const request = (version: string, n: number): DeployRequest => ({
  version,
  environment: 'production',
  services: [
    {
      service: 'api',
      composeService: 'api',
      imageVariable: 'API_IMAGE',
      image: `r/api:${version}`,
      digest: digest(n),
      imageRef: `r/api@${digest(n)}`,
    },
  ],
});

/** One host in memory; `failOn` fails deploying that version; it records whether a progress callback reached it. */
class MemoryHost implements DeployTarget {
  readonly kind = 'ssh-compose';
  sawProgress = false;
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
    return (
      running && { version: running.version, services: [{ service: 'api', imageRef: running.services[0]!.imageRef }] }
    );
  }
  async deploy(deploy: DeployRequest): Promise<void> {
    if (deploy.progress) this.sawProgress = true;
    if (deploy.version === this.failOn) throw new Error(`compose up failed on ${this.name}`);
    this.running = deploy;
  }
}

async function deployWithProgress(hostList: MemoryHost[], plan: MultiHostPlan, version: string) {
  const lines: string[] = [];
  const target = new MultiHostTarget({
    hosts: hostList.map((host) => ({ name: host.name, target: host })),
    plan,
    hookTimeoutMs: 10_000,
  });
  const error = await target.deploy({ ...request(version, 2), progress: (line) => lines.push(line) }, memoryLog()).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { lines, error };
}

const rolling: MultiHostPlan = {
  kind: 'rolling',
  batch: { kind: 'count', hosts: 1 },
  hooks: { after: 'true' },
};

describe('MultiHostTarget progress', () => {
  it('rolling: one line per host once it is updated (after its after hook), in order, with the count', async () => {
    const hostList = ['a', 'b', 'c'].map((name) => new MemoryHost(name, request('v1', 1)));
    const { lines, error } = await deployWithProgress(hostList, rolling, 'v2');
    expect(error).toBeUndefined();
    expect(lines).toEqual([
      'rolling: a updated (1 of 3 hosts)',
      'rolling: b updated (2 of 3 hosts)',
      'rolling: c updated (3 of 3 hosts)',
    ]);
    // Each host's own target is not told: the rollout reports per host.
    expect(hostList.some((host) => host.sawProgress)).toBe(false);
  });

  it('recreate (no hooks, no per-host check): a line per host after its deploy', async () => {
    const hostList = ['a', 'b'].map((name) => new MemoryHost(name, request('v1', 1)));
    const { lines } = await deployWithProgress(hostList, { kind: 'recreate' }, 'v2');
    expect(lines).toEqual(['recreate: a updated (1 of 2 hosts)', 'recreate: b updated (2 of 2 hosts)']);
  });

  it('a failing host, then each host put back, newest first, in the host table’s words', async () => {
    const hostList = [
      new MemoryHost('a', request('v1', 1)),
      new MemoryHost('b', request('v1', 1)),
      new MemoryHost('c', request('v1', 1), 'v2'),
    ];
    const { lines, error } = await deployWithProgress(hostList, rolling, 'v2');
    expect(error).toBeInstanceOf(Error);
    expect(lines).toEqual([
      'rolling: a updated (1 of 3 hosts)',
      'rolling: b updated (2 of 3 hosts)',
      'rolling: c deploy failed: compose up failed on c',
      'rolling: c reverted to the previous release',
      'rolling: b reverted to the previous release',
      'rolling: a reverted to the previous release',
    ]);
  });

  it('a host that cannot be put back says so', async () => {
    // b has no record of what ran before, so it cannot be put back.
    const hostList = [new MemoryHost('a', request('v1', 1)), new MemoryHost('b', undefined, 'v2')];
    const { lines } = await deployWithProgress(hostList, { kind: 'recreate' }, 'v2');
    expect(lines).toEqual([
      'recreate: a updated (1 of 2 hosts)',
      'recreate: b deploy failed: compose up failed on b',
      expect.stringMatching(/^recreate: b revert failed: b has no record of what api ran before this rollout/),
      'recreate: a reverted to the previous release',
    ]);
  });
});
