// A rollout's progress in GitHub's deployment statuses while it runs (issue 10, "progress shows
// everywhere"): the engine's one deploy flow over hosts kept in memory, recorded in the fake
// GitHub. Each host waits until GitHub holds the status before its own, so what is checked is
// the order and the words, never how fast anything ran.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { runRelease, type ReleaseTask } from '@deploy-kit/engine';
import { createGitHubClient } from '@deploy-kit/github';
import { DeploymentLedger } from '@deploy-kit/ledger';
import {
  MultiHostTarget,
  type DeployRequest,
  type DeployTarget,
  type RunningRelease,
  type TargetLog,
} from '@deploy-kit/targets';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { waitUntil } from '../infra/processes';

const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const STATUSES = '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses';
const digest = (n: number) => `sha256:${String(n).repeat(64)}`;
const request = (version: string, n: number): DeployRequest => ({
  version,
  environment: 'production',
  services: [
    {
      service: 'api',
      composeService: 'api',
      imageVariable: 'API_IMAGE',
      image: `ghcr.io/acme/api:${version}`,
      digest: digest(n),
      imageRef: `ghcr.io/acme/api@${digest(n)}`,
    },
  ],
});

let github: FakeGitHub;
let lines: string[];
beforeEach(async () => {
  github = await startFakeGitHub();
  lines = [];
});
afterEach(async () => {
  expect(github.validationErrors).toEqual([]);
  await github.stop();
});

const log: TargetLog = {
  info: (line) => lines.push(line),
  warning: (line) => lines.push(`warning: ${line}`),
  group: (_title, work) => work(),
};

/** Every status POST GitHub answered, in order: `state: description` (a refused one marked). */
function statuses(): string[] {
  return github.requests
    .filter((r) => r.operationId === 'repos/create-deployment-status')
    .map((r) => {
      const body = r.body as { state: string; description?: string };
      return `${r.status === 201 ? '' : `(${r.status}) `}${body.state}: ${body.description ?? ''}`;
    });
}
const taken = () => statuses().filter((s) => !s.startsWith('('));

/**
 * Resolves once the ledger has had `count` in_progress statuses taken (it logs each once GitHub's
 * answer is in, so its next report goes straight out); generously bounded: the machine may be loaded.
 */
const statusesTaken = (ledgerLog: string[], count: number) =>
  waitUntil(async () => ledgerLog.filter((line) => /^Deployment \d+: in_progress$/.test(line)).length >= count, {
    what: `${count} in_progress status(es)`,
    timeoutMs: 120_000,
    intervalMs: 20,
  });

/** A host in memory; before it deploys it waits for `ready` (e.g. the previous host's status in GitHub). */
class MemoryHost implements DeployTarget {
  readonly kind = 'ssh-compose';
  constructor(
    readonly name: string,
    private running: DeployRequest,
    private readonly ready: () => Promise<void>,
    private readonly failOn?: string,
  ) {}
  describe(): string {
    return `memory ${this.name}`;
  }
  async current(): Promise<RunningRelease> {
    return {
      version: this.running.version,
      services: [{ service: 'api', imageRef: this.running.services[0]!.imageRef }],
    };
  }
  async deploy(deploy: DeployRequest): Promise<void> {
    // Only the update waits; putting the host back (the previous release) goes straight on.
    if (deploy.version !== this.running.version && deploy.version !== 'v1') await this.ready();
    if (deploy.version === this.failOn) throw new Error(`compose up failed on ${this.name}`);
    this.running = deploy;
  }
}

async function release(target: DeployTarget, version: string, ledgerLog: string[] = []) {
  const ledger = new DeploymentLedger(
    createGitHubClient('ghs_test', { baseUrl: github.url }),
    { owner: 'octo-org', repo: 'hello-world' },
    { log: (line) => ledgerLog.push(line), startStatusBudgetMs: 1500 },
  );
  const deploy = request(version, 2);
  const task: ReleaseTask = {
    kind: 'deploy',
    intent: async () => ({ kind: 'release', request: deploy, sha: SHA, description: `Deploy ${version}` }),
  };
  const error = await runRelease(task, {
    target,
    ledger,
    environment: 'production',
    services: deploy.services,
    log,
  }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  await ledger.flush();
  return error;
}

function rolling(hosts: MemoryHost[]): MultiHostTarget {
  return new MultiHostTarget({
    hosts: hosts.map((host) => ({ name: host.name, target: host })),
    plan: { kind: 'rolling', batch: { kind: 'count', hosts: 1 }, hooks: {} },
    hookTimeoutMs: 10_000,
  });
}

describe('a rollout over three hosts, in the GitHub deployment statuses while it runs', () => {
  it('each host updated is an in_progress status, in order, before the final success', async () => {
    // a waits for the start's in_progress, b for a's, c for b's.
    const ledgerLog: string[] = [];
    const hosts = ['a', 'b', 'c'].map(
      (name, i) => new MemoryHost(name, request('v1', 1), () => statusesTaken(ledgerLog, i + 1)),
    );
    const error = await release(rolling(hosts), 'v2', ledgerLog);
    expect(error).toBeUndefined();
    expect(taken()).toEqual([
      'in_progress: Deploy v2',
      'in_progress: Deploy v2: rolling: a updated (1 of 3 hosts)',
      'in_progress: Deploy v2: rolling: b updated (2 of 3 hosts)',
      'in_progress: Deploy v2: rolling: c updated (3 of 3 hosts)',
      'success: Deploy v2: live; rolling a:ok b:ok c:ok',
    ]);
    // The same lines are in the log as they happen.
    expect(lines).toEqual(
      expect.arrayContaining(['rolling: a updated (1 of 3 hosts)', 'rolling: c updated (3 of 3 hosts)']),
    );
  });

  it('a failing host and the hosts put back are statuses too, and the failure is the last status', async () => {
    const ledgerLog: string[] = [];
    const hosts = [
      new MemoryHost('a', request('v1', 1), () => statusesTaken(ledgerLog, 1)),
      new MemoryHost('b', request('v1', 1), () => statusesTaken(ledgerLog, 2), 'v2'),
    ];
    const error = await release(rolling(hosts), 'v2', ledgerLog);
    expect(error).toBeInstanceOf(Error);
    const all = taken();
    // What is sent while the rollout runs is in order (reports that come faster than GitHub
    // takes writes are coalesced to the newest), and nothing in_progress follows the failure.
    expect(all[0]).toBe('in_progress: Deploy v2');
    expect(all[1]).toBe('in_progress: Deploy v2: rolling: a updated (1 of 2 hosts)');
    const during = all.slice(2, -1);
    const reported = [
      'in_progress: Deploy v2: rolling: b deploy failed: compose up failed on b',
      'in_progress: Deploy v2: rolling: b reverted to the previous release',
      'in_progress: Deploy v2: rolling: a reverted to the previous release',
    ];
    const order = during.map((s) => reported.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(all.at(-1)).toMatch(/^failure: rolling a:back b:deploy-failed; The rollout stopped at batch 2 of 2/);
    expect(lines).toEqual(expect.arrayContaining(reported.map((s) => s.replace('in_progress: Deploy v2: ', ''))));
  });

  it('a GitHub that answers 503 to the progress writes still ends the deploy green, its success written', async () => {
    const ledgerLog: string[] = [];
    const hosts = [
      // Once the start's in_progress is in, GitHub refuses every status write...
      new MemoryHost('a', request('v1', 1), async () => {
        await statusesTaken(ledgerLog, 1);
        github.fault('POST', STATUSES, { type: 'status', status: 503 }, Infinity);
      }),
      new MemoryHost('b', request('v1', 1), async () => undefined),
      // ... until a progress write has been given up on (logged as a warning); then it recovers.
      new MemoryHost('c', request('v1', 1), async () => {
        await waitUntil(async () => ledgerLog.some((line) => line.startsWith('Could not write progress')), {
          what: 'a progress write given up on',
          timeoutMs: 120_000,
          intervalMs: 20,
        });
        github.clearFaults();
      }),
    ];
    const error = await release(rolling(hosts), 'v2', ledgerLog);
    expect(error).toBeUndefined();
    expect(statuses().filter((s) => s.startsWith('(503) in_progress: Deploy v2: rolling:')).length).toBeGreaterThan(0);
    expect(ledgerLog.join('\n')).toMatch(/Could not write progress for deployment \d+: HTTP 503/);
    expect(taken()[0]).toBe('in_progress: Deploy v2');
    expect(taken().at(-1)).toBe('success: Deploy v2: live; rolling a:ok b:ok c:ok');
    expect(github.latestState(github.state.deployments[0]!.id)).toBe('success');
  });
});
