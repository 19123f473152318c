// A ledger history whose metrics are worked out by hand (see EXPECTED), seeded
// into the fake GitHub API at exact times. Window: 30 days up to NOW.
import type { LedgerApi } from './ledger-api';
import { digestOf, ledgerPayload, seedTimed, shaOf } from './seed-history';

export const NOW = new Date('2026-11-30T12:00:00Z');
export const SINCE = new Date('2026-10-31T12:00:00Z');

export const SHA = {
  c0: shaOf('c0'),
  c1: shaOf('c1'),
  c2: shaOf('c2'),
  c3: shaOf('c3'),
  c4: shaOf('c4'),
  c5: shaOf('c5'),
  c6: shaOf('c6'),
  old: shaOf('old'),
};

/** Ids of the seeded deployments, by the names EXPECTED uses. */
export type SeededIds = Record<
  'P0' | 'P0b' | 'P1' | 'P2' | 'R1' | 'S1' | 'S2' | 'SR' | 'P3' | 'job' | 'P4' | 'F5' | 'P6' | 'V0',
  number
>;

/**
 * Seeds, in creation order (the fake lists by id):
 * production
 *   P0   10-20 v0.9.0, before the window: not read
 *   P0b  11-01 12:00 payload from before the ledger model (a JSON string, no digest), success 12:03;
 *        commit c0 10-31 12:00 -> lead time 24h 3m = 86580 s
 *   P1   11-02 10:00 v1.0.0, success 10:10 (later inactive); c1 11-01 10:00 -> 87000 s; duration 600 s
 *   P2   11-05 09:00 v1.1.0, success 09:05, then failure 10:00 (rolled back by R1);
 *        c2 11-03 07:00 -> 2d 2h 5m = 180300 s
 *   R1   11-05 09:55 rollback to v1.0.0 (rolledBackFrom names P2 by id), success 10:00:
 *        restores P2 after 09:05 -> 10:00 = 3300 s; not a deployment
 *   P3   11-10 14:00 v1.2.0, failure 14:20 (never succeeded); duration 1200 s
 *   job  11-12 07:59 GitHub's record of the deploy job's environment: (payload {}): skipped, no request
 *   P4   11-12 08:00 v1.2.1, success 08:30; c4 11-12 06:00 -> 9000 s;
 *        restores P3: 11-10 14:20 -> 11-12 08:30 = 151800 s
 *   F5   11-20 10:00 another tool's deployment (payload {}, no deploy-kit twin), success 10:02;
 *        c5 11-20 09:00 -> 3720 s
 *   P6   11-29 10:00 v1.3.0, still in_progress: not finished, not in the failure rate
 * staging
 *   S1   11-03 09:00 v1.1.0-beta.1 (commit c2, shared with P2: read once), success 09:04 -> 7440 s
 *   S2   11-08 09:00 v1.2.0-beta.1, success 09:03, failure 11:00 (rolled back by SR); c3 11-08 08:00 -> 3780 s
 *   SR   11-08 10:58 rollback, older payload: rolledBackFrom has a version only; success 11:00 -> restores in 7020 s
 * preview
 *   V0   10-01: before the window, so preview's window is empty
 */
export function seedHistory(api: LedgerApi): SeededIds {
  const at = (text: string) => `2026-${text}:00Z`;
  const ok = (start: string, end: string): [['in_progress', string], ['success', string]] => [
    ['in_progress', at(start)],
    ['success', at(end)],
  ];
  const fake = api.fake;
  const ids = {} as SeededIds;
  ids.V0 = seedTimed(fake, {
    environment: 'preview',
    sha: SHA.old,
    payload: ledgerPayload('0.1.0'),
    createdAt: at('10-01T10:00'),
    statuses: ok('10-01T10:00', '10-01T10:01'),
  });
  ids.P0 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.old,
    payload: ledgerPayload('0.9.0'),
    createdAt: at('10-20T10:00'),
    statuses: [...ok('10-20T10:00', '10-20T10:05'), ['inactive', at('11-01T12:03')]],
  });
  ids.P0b = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c0,
    payload: JSON.stringify({ version: '0.9.5', image: 'ghcr.io/octo-org/app:0.9.5' }),
    createdAt: at('11-01T12:00'),
    statuses: [
      ['success', at('11-01T12:03')],
      ['inactive', at('11-02T10:10')],
    ],
    creator: 'mona',
  });
  ids.P1 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c1,
    payload: ledgerPayload('1.0.0'),
    createdAt: at('11-02T10:00'),
    statuses: [...ok('11-02T10:00', '11-02T10:10'), ['inactive', at('11-05T09:05')]],
  });
  ids.S1 = seedTimed(fake, {
    environment: 'staging',
    sha: SHA.c2,
    payload: ledgerPayload('1.1.0-beta.1'),
    createdAt: at('11-03T09:00'),
    statuses: ok('11-03T09:00', '11-03T09:04'),
  });
  ids.P2 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c2,
    payload: ledgerPayload('1.1.0', { previous: { version: '1.0.0', digest: digestOf('1.0.0') } }),
    createdAt: at('11-05T09:00'),
    statuses: [...ok('11-05T09:00', '11-05T09:05'), ['failure', at('11-05T10:00')]],
  });
  ids.R1 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c1,
    task: 'rollback',
    payload: ledgerPayload('1.0.0', {
      rolledBackFrom: { version: '1.1.0', digest: digestOf('1.1.0'), deploymentId: ids.P2 },
      reason: 'health check failed',
    }),
    createdAt: at('11-05T09:55'),
    statuses: ok('11-05T09:55', '11-05T10:00'),
  });
  ids.S2 = seedTimed(fake, {
    environment: 'staging',
    sha: SHA.c3,
    payload: ledgerPayload('1.2.0-beta.1'),
    createdAt: at('11-08T09:00'),
    statuses: [...ok('11-08T09:00', '11-08T09:03'), ['failure', at('11-08T11:00')]],
  });
  ids.SR = seedTimed(fake, {
    environment: 'staging',
    sha: SHA.c2,
    task: 'rollback',
    payload: { ...ledgerPayload('1.1.0-beta.1'), rolledBackFrom: { version: '1.2.0-beta.1' } },
    createdAt: at('11-08T10:58'),
    statuses: ok('11-08T10:58', '11-08T11:00'),
  });
  ids.P3 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c3,
    payload: ledgerPayload('1.2.0'),
    createdAt: at('11-10T14:00'),
    statuses: [
      ['in_progress', at('11-10T14:00')],
      ['failure', at('11-10T14:20')],
    ],
  });
  ids.job = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c4,
    payload: {},
    createdAt: at('11-12T07:59'),
    statuses: ok('11-12T07:59', '11-12T08:31'),
  });
  ids.P4 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c4,
    payload: ledgerPayload('1.2.1'),
    createdAt: at('11-12T08:00'),
    statuses: ok('11-12T08:00', '11-12T08:30'),
  });
  ids.F5 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c5,
    payload: {},
    createdAt: at('11-20T10:00'),
    statuses: ok('11-20T10:00', '11-20T10:02'),
  });
  ids.P6 = seedTimed(fake, {
    environment: 'production',
    sha: SHA.c6,
    payload: ledgerPayload('1.3.0'),
    createdAt: at('11-29T10:00'),
    statuses: [['in_progress', at('11-29T10:00')]],
  });
  const commits: [string, string][] = [
    [SHA.c0, '10-31T12:00'],
    [SHA.c1, '11-01T10:00'],
    [SHA.c2, '11-03T07:00'],
    [SHA.c3, '11-08T08:00'],
    [SHA.c4, '11-12T06:00'],
    [SHA.c5, '11-20T09:00'],
    [SHA.c6, '11-29T09:00'],
  ];
  for (const [sha, time] of commits) api.commits.set(sha, at(time));
  return ids;
}

/** The metrics of the seeded history, worked out by hand from the list above. */
export const EXPECTED = {
  production: {
    environment: 'production',
    since: SINCE.toISOString(),
    // P0b P1 P2 P3 F5 P4 P6 (R1 is a rollback, job a duplicate record, P0 before the window)
    deployments: 7,
    // P0b P1 P2 P4 F5 succeeded: 5 in 30 days
    deploymentsPerDay: 0.167,
    // 3720 9000 86580 87000 180300
    leadTimeMedianSeconds: 86580,
    // nearest rank: ceil(0.9 * 5) = 5th
    leadTimeP90Seconds: 180300,
    // P2 (rolled back) and P3 (failed) of 6 finished (P6 still running)
    changeFailureRate: 0.3333,
    // (3300 + 151800) / 2
    timeToRestoreMedianSeconds: 77550,
  },
  staging: {
    environment: 'staging',
    since: SINCE.toISOString(),
    deployments: 2,
    deploymentsPerDay: 0.067,
    // 3780 7440
    leadTimeMedianSeconds: 5610,
    leadTimeP90Seconds: 7440,
    changeFailureRate: 0.5,
    timeToRestoreMedianSeconds: 7020,
  },
  preview: {
    environment: 'preview',
    since: SINCE.toISOString(),
    deployments: 0,
    deploymentsPerDay: null,
    leadTimeMedianSeconds: null,
    leadTimeP90Seconds: null,
    changeFailureRate: null,
    timeToRestoreMedianSeconds: null,
  },
} as const;

/**
 * Requests for the whole history (no environment filter): one listing, one
 * status list for each of the 11 deployments in the window (the job record
 * is skipped without one), one commit for each of the 6 distinct shas of
 * successful deploys (c2 serves S1 and P2).
 */
export const EXPECTED_REQUESTS = { list: 1, statuses: 11, commits: 6 };
