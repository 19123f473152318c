// GitHub API requests per ledger call as an environment's history grows:
// `node scripts/ts-run.mjs bench/ledger/run.ts [--before <git rev>] [--sizes 10,100,300]`.
// Seeds the fake GitHub API (test/github-api) with N deploy-kit deployments
// (packages/ledger/test/history.ts) and counts the requests of current(),
// inProgress() and a deploy (start + succeed), for the ledger in this checkout
// ("after") and the ledger at --before ("before", read from git into a temp folder).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createGitHubClient } from '@deploy-kit/github';
import { startFakeGitHub, type FakeGitHub } from '../../test/github-api';
import { countRequests, seedHistory } from '../../packages/ledger/test/history';
import type { DeploymentLedger, StartRequest } from '@deploy-kit/ledger';

type LedgerClass = new (...args: ConstructorParameters<typeof DeploymentLedger>) => DeploymentLedger;

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { before: { type: 'string', default: '1d386d6' }, sizes: { type: 'string', default: '10,100,300' } },
});
const sizes = values.sizes.split(',').map(Number);
const repo = { owner: 'octo-org', repo: 'hello-world' };
const request: StartRequest = {
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  environment: 'production',
  task: 'deploy',
  payload: {
    image: 'ghcr.io/octo-org/app:2.0.0',
    digest: `sha256:${'f'.repeat(64)}`,
    version: '2.0.0',
    services: [{ service: 'app', image: 'ghcr.io/octo-org/app:2.0.0', digest: `sha256:${'f'.repeat(64)}` }],
  },
};

/** The ledger's sources at `rev`, written to a temp folder and imported from there. */
async function ledgerAt(rev: string, into: string): Promise<LedgerClass> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  for (const file of git('ls-tree', '-r', '--name-only', rev, 'packages/ledger/src').split('\n').filter(Boolean)) {
    const target = join(into, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, git('show', `${rev}:${file}`));
  }
  const module = (await import(pathToFileURL(join(into, 'packages/ledger/src/index.ts')).href)) as {
    DeploymentLedger: LedgerClass;
  };
  return module.DeploymentLedger;
}

/** One measurement in a freshly seeded API, so no call sees another's writes. */
async function measure(Ledger: LedgerClass, size: number, scenario: Scenario) {
  const api: FakeGitHub = await startFakeGitHub();
  try {
    seedHistory(api, size, scenario.spacingMs ? { spacingMs: scenario.spacingMs } : {});
    const ledger = new Ledger(createGitHubClient('ghs_bench', { baseUrl: api.url }), repo);
    const requests = await countRequests(api, () => scenario.call(ledger));
    if (api.validationErrors.length > 0) throw new Error(api.validationErrors.join('\n'));
    return requests;
  } finally {
    await api.stop();
  }
}

interface Scenario {
  name: string;
  call: (ledger: DeploymentLedger) => Promise<unknown>;
  /** Time between seeded deployments (default: one a day). */
  spacingMs?: number;
}

const scenarios: Scenario[] = [
  { name: 'current()', call: (ledger) => ledger.current('production') },
  { name: 'inProgress(), one deploy a day', call: (ledger) => ledger.inProgress('production') },
  { name: 'inProgress(), one deploy a minute', call: (ledger) => ledger.inProgress('production'), spacingMs: 60_000 },
  {
    name: 'deploy (start + succeed)',
    call: async (ledger) => {
      const record = await ledger.start(request);
      await ledger.succeed(record.id);
      // The deactivation writes now run in the background: count them too. An older
      // ledger (the --before build) has no flush and wrote them before succeed returned.
      await (ledger as { flush?: () => Promise<void> }).flush?.();
    },
  },
];

const temp = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-ledger-'));
try {
  const before = await ledgerAt(values.before, temp);
  const { DeploymentLedger: after } = await import('@deploy-kit/ledger');
  const rows: string[] = [];
  for (const scenario of scenarios) {
    for (const size of sizes) {
      const was = await measure(before, size, scenario);
      const now = await measure(after, size, scenario);
      rows.push(`| ${scenario.name} | ${size} | ${was} | ${now} |`);
      process.stderr.write(`${scenario.name} N=${size}: ${was} -> ${now}\n`);
    }
  }
  process.stdout.write(
    [
      `Requests to the GitHub API (before = ${values.before}, after = this checkout)`,
      '',
      '| Call | Deployments recorded (N) | Before | After |',
      '| ---- | -----------------------: | -----: | ----: |',
      ...rows,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(temp, { recursive: true, force: true });
}
