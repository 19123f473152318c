// readHistory + computeMetrics against the fake GitHub API, seeded with a
// history whose answers are worked out by hand in history-fixture.ts.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '@deploy-kit/github';
import { computeMetrics, readHistory, type HistoryEntry } from '@deploy-kit/insights';
import { startLedgerApi, type LedgerApi } from './ledger-api';
import { EXPECTED, EXPECTED_REQUESTS, NOW, SINCE, seedHistory, type SeededIds } from './history-fixture';
import { digestOf } from './seed-history';

const repo = { owner: 'octo-org', repo: 'hello-world' };
let api: LedgerApi;
let ids: SeededIds;

beforeEach(async () => {
  api = await startLedgerApi();
  ids = seedHistory(api);
});

afterEach(async () => {
  expect(api.validationErrors()).toEqual([]);
  await api.stop();
});

const client = () => createGitHubClient('ghs_test', { baseUrl: api.url, retries: 0 });
const byId = (entries: HistoryEntry[], id: number) => entries.find((e) => e.id === id);

function countByOperation(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of api.requests()) counts[r.operationId] = (counts[r.operationId] ?? 0) + 1;
  return counts;
}

describe('readHistory', () => {
  it('reads every environment in one listing, statuses only in the window, each commit once', async () => {
    const entries = await readHistory(client(), repo, { since: SINCE, until: NOW });
    expect(entries.map((e) => e.id)).toEqual([
      ids.P6,
      ids.F5,
      ids.P4,
      ids.P3,
      ids.SR,
      ids.S2,
      ids.R1,
      ids.P2,
      ids.S1,
      ids.P1,
      ids.P0b,
    ]);
    expect(countByOperation()).toEqual({
      'repos/list-deployments': EXPECTED_REQUESTS.list,
      'repos/list-deployment-statuses': EXPECTED_REQUESTS.statuses,
      'repos/get-commit': EXPECTED_REQUESTS.commits,
    });
  });

  it('shows version, digest, who, when, outcome, duration and what a rollback went from and to', async () => {
    const entries = await readHistory(client(), repo, { since: SINCE, until: NOW });
    expect(byId(entries, ids.P1)).toMatchObject({
      environment: 'production',
      kind: 'deploy',
      version: '1.0.0',
      digest: digestOf('1.0.0'),
      creator: 'github-actions[bot]',
      createdAt: '2026-11-02T10:00:00Z',
      outcome: 'success',
      durationSeconds: 600,
      committedAt: '2026-11-01T10:00:00Z',
    });
    expect(byId(entries, ids.P2)).toMatchObject({
      outcome: 'failure',
      succeededAt: '2026-11-05T09:05:00Z',
      rolledBackBy: { deploymentId: ids.R1, version: '1.0.0', digest: digestOf('1.0.0') },
    });
    expect(byId(entries, ids.R1)).toMatchObject({
      kind: 'rollback',
      version: '1.0.0',
      rolledBackFrom: { version: '1.1.0', digest: digestOf('1.1.0'), deploymentId: ids.P2 },
    });
    // An older rollback payload names only the version it left: still linked.
    expect(byId(entries, ids.SR)?.rolledBackFrom).toEqual({
      version: '1.2.0-beta.1',
      digest: digestOf('1.2.0-beta.1'),
      deploymentId: ids.S2,
    });
    expect(byId(entries, ids.P3)).toMatchObject({ outcome: 'failure', durationSeconds: 1200 });
    expect(byId(entries, ids.P6)).toMatchObject({ outcome: 'pending' });
    expect(byId(entries, ids.P6)?.durationSeconds).toBeUndefined();
  });

  it('counts deployments without deploy-kit fields, and skips GitHub’s duplicate record of a deploy job', async () => {
    const entries = await readHistory(client(), repo, { since: SINCE, until: NOW });
    expect(byId(entries, ids.P0b)).toMatchObject({
      recordedBy: 'other',
      version: '0.9.5',
      digest: '',
      creator: 'mona',
      outcome: 'success',
    });
    expect(byId(entries, ids.F5)).toMatchObject({ recordedBy: 'other', version: '', outcome: 'success' });
    expect(byId(entries, ids.job)).toBeUndefined();
  });

  it('lists one environment only when asked, and an empty window without status requests', async () => {
    const entries = await readHistory(client(), repo, { environment: 'preview', since: SINCE, until: NOW });
    expect(entries).toEqual([]);
    expect(countByOperation()).toEqual({ 'repos/list-deployments': 1 });
    expect(api.requests()[0]?.path).toBe('/repos/octo-org/hello-world/deployments');
    expect(api.fake.requests[0]?.query).toMatchObject({ environment: 'preview', per_page: '100' });
  });

  it('leaves a commit the repository no longer has out of lead time, and says so', async () => {
    api.commits.clear();
    const lines: string[] = [];
    const entries = await readHistory(client(), repo, {
      environment: 'staging',
      since: SINCE,
      until: NOW,
      log: (l) => lines.push(l),
    });
    expect(entries.every((e) => e.committedAt === undefined)).toBe(true);
    expect(lines.filter((l) => / is not in the repository \(404\)/.test(l))).toHaveLength(2);
    const [staging] = computeMetrics(entries, { since: SINCE, now: NOW }, ['staging']);
    expect(staging).toMatchObject({ leadTimeMedianSeconds: null, leadTimeP90Seconds: null, changeFailureRate: 0.5 });
  });
});

describe('readHistory with maxDeployments', () => {
  it('reads statuses of the newest ones only and says where the window now starts', async () => {
    const limits: [string, number][] = [];
    const entries = await readHistory(client(), repo, {
      since: SINCE,
      until: NOW,
      maxDeployments: 3,
      onLimit: (start, dropped) => limits.push([start.toISOString(), dropped]),
    });
    expect(entries.map((e) => e.id)).toEqual([ids.P6, ids.F5, ids.P4]);
    expect(limits).toEqual([['2026-11-12T08:00:00.000Z', 8]]);
    // Statuses of the three; commits of F5 and P4 (P6 is still running).
    expect(countByOperation()).toEqual({
      'repos/list-deployments': 1,
      'repos/list-deployment-statuses': 3,
      'repos/get-commit': 2,
    });
  });
});

describe('readHistory without contents: read', () => {
  it('asks for one commit, then leaves lead time out with one line, and still computes the rest', async () => {
    api.refuseCommits(403);
    const lines: string[] = [];
    const entries = await readHistory(client(), repo, {
      since: SINCE,
      until: NOW,
      concurrency: 1,
      log: (l) => lines.push(l),
    });
    expect(countByOperation()['repos/get-commit']).toBe(1);
    expect(lines.filter((l) => /lead time needs contents: read/.test(l))).toHaveLength(1);
    const [production] = computeMetrics(entries, { since: SINCE, now: NOW }, ['production']);
    expect(production).toEqual({
      ...EXPECTED.production,
      leadTimeMedianSeconds: null,
      leadTimeP90Seconds: null,
    });
  });
});

describe('computeMetrics on the seeded ledger', () => {
  it('matches the hand-worked DORA metrics of every environment, with null where there is no data', async () => {
    const entries = await readHistory(client(), repo, { since: SINCE, until: NOW });
    const metrics = computeMetrics(entries, { since: SINCE, now: NOW }, ['preview', 'production', 'staging']);
    expect(metrics).toEqual([EXPECTED.preview, EXPECTED.production, EXPECTED.staging]);
  });

  it('names only environments with deployments when none are asked for', async () => {
    const entries = await readHistory(client(), repo, { since: SINCE, until: NOW });
    expect(computeMetrics(entries, { since: SINCE, now: NOW }).map((m) => m.environment)).toEqual([
      'production',
      'staging',
    ]);
  });
});
