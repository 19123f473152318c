// GitHub API requests of `deploy-kit history` / `metrics` (one readHistory) as
// the ledger grows: `node scripts/ts-run.mjs bench/insights/run.ts [--sizes 10,100,1000]`.
// Seeds the fake GitHub API (test/github-api, with the commit lookups of
// test/report/ledger-api.ts) with N deploy-kit deployments laid out as the
// reusable workflows leave them, then counts the requests by operation.
import { parseArgs } from 'node:util';
import { createGitHubClient } from '@deploy-kit/github';
import { computeMetrics, readHistory } from '@deploy-kit/insights';
import { startLedgerApi, type LedgerApi } from '../../test/report/ledger-api';
import { ledgerPayload, seedTimed, shaOf } from '../../test/report/seed-history';
import type { DeploymentStatusState } from '../../test/github-api/state';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,100,1000' } } });
const sizes = values.sizes.split(',').map(Number);
const repo = { owner: 'octo-org', repo: 'hello-world' };
const START = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;

/**
 * N deploy-kit deployments, alternating staging then production for the same
 * commit (a prerelease, then its release), one every 6 hours; every 10th
 * production deploy fails its health check and is rolled back (the rollback
 * is one of the N). Each deploy-kit record comes with GitHub's own record of
 * the job's `environment:` a minute earlier, as on a real runner.
 */
function seed(api: LedgerApi, size: number): { end: Date } {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let at = START;
  let release = 0;
  let lastGood = '0.0.0';
  for (let n = 0; n < size;) {
    const version = `1.${release}.0`;
    const sha = shaOf(`r${release}`);
    api.commits.set(sha, iso(at - 2 * HOUR));
    for (const environment of ['staging', 'production']) {
      if (n >= size) break;
      const failing = environment === 'production' && release % 10 === 9;
      seedTimed(api.fake, {
        environment,
        sha,
        payload: {},
        createdAt: iso(at - 60_000),
        statuses: [['in_progress', iso(at - 60_000)]],
      });
      seedTimed(api.fake, {
        environment,
        sha,
        payload: ledgerPayload(version),
        createdAt: iso(at),
        statuses: [
          ['in_progress', iso(at)],
          ['success', iso(at + 300_000)],
          ...(failing ? [['failure', iso(at + 900_000)] as [DeploymentStatusState, string]] : []),
        ],
      });
      n++;
      if (failing && n < size) {
        seedTimed(api.fake, {
          environment,
          sha: shaOf(`r${release - 1}`),
          task: 'rollback',
          payload: ledgerPayload(lastGood, { rolledBackFrom: { version } }),
          createdAt: iso(at + 600_000),
          statuses: [
            ['in_progress', iso(at + 600_000)],
            ['success', iso(at + 900_000)],
          ],
        });
        n++;
      } else if (environment === 'production') lastGood = version;
      at += 6 * HOUR;
    }
    release++;
  }
  return { end: new Date(at) };
}

async function measure(size: number, environment?: string) {
  const api = await startLedgerApi();
  try {
    const { end } = seed(api, size);
    const client = createGitHubClient('ghs_bench', { baseUrl: api.url });
    const since = new Date(START - 24 * HOUR);
    const entries = await readHistory(client, repo, { since, until: end, ...(environment ? { environment } : {}) });
    computeMetrics(entries, { since, now: end });
    if (api.validationErrors().length > 0) throw new Error(api.validationErrors().join('\n'));
    const count = (op: string) => api.requests().filter((r) => r.operationId === op).length;
    const listed = api.fake.state.deployments.filter((d) => !environment || d.environment === environment).length;
    return {
      listed,
      list: count('repos/list-deployments'),
      statuses: count('repos/list-deployment-statuses'),
      commits: count('repos/get-commit'),
      total: api.requests().length,
    };
  } finally {
    await api.stop();
  }
}

console.log('| Deployments (N) | Scope | Records listed | Listings | Status lists | Commits | Total |');
console.log('| --: | --- | --: | --: | --: | --: | --: |');
for (const size of sizes) {
  for (const environment of [undefined, 'production']) {
    const r = await measure(size, environment);
    console.log(
      `| ${size} | ${environment ?? 'all environments'} | ${r.listed} | ${r.list} | ${r.statuses} | ${r.commits} | ${r.total} |`,
    );
  }
}
