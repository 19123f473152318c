// The report action's bundle (node scripts/build.js report) run as the runner
// runs it, against the fake GitHub API seeded with the hand-worked history.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { startLedgerApi, type LedgerApi } from './ledger-api';
import { EXPECTED, NOW, SINCE, seedHistory } from './history-fixture';

const root = resolve(import.meta.dirname, '../..');
const token = 'ghs_report_token_value';
let api: LedgerApi;
let workspace: string;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/report/index.js')))
    throw new Error('dist/report/index.js is missing: run `node scripts/build.js report` first');
  api = await startLedgerApi();
  seedHistory(api);
  workspace = mkdtempSync(join(tmpdir(), 'deploy-kit-report-'));
});

afterAll(async () => {
  expect(api.validationErrors()).toEqual([]);
  await api.stop();
  rmSync(workspace, { recursive: true, force: true });
});

function report(inputs: Record<string, string>): Promise<BundledActionRun> {
  return runBundledAction('report', {
    inputs: { 'github-token': token, since: SINCE.toISOString(), until: NOW.toISOString(), ...inputs },
    env: { GITHUB_API_URL: api.url, GITHUB_WORKSPACE: workspace },
    timeoutMs: 120_000,
  });
}

describe('report action', () => {
  it('sets the metrics output, writes the summary with a Mermaid chart and the page, and creates nothing', async () => {
    const run = await report({ 'page-path': 'site/index.html' });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.metrics ?? '')).toEqual([EXPECTED.production, EXPECTED.staging]);
    expect(run.outputs.deployments).toBe('9');
    expect(run.outputs['page-path']).toBe(join(workspace, 'site/index.html'));

    expect(run.summary).toContain('## Deployments of octo-org/hello-world');
    expect(run.summary).toContain('| Change failure rate | 33.3% |');
    expect(run.summary).toContain('| Time to restore (median) | 1h 57m |');
    const charts = [...run.summary.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(charts).toHaveLength(2);
    // 30 daily buckets from 10-31 12:00; P3 (11-10 14:00, failed) is in bucket 10 of production's chart.
    expect(charts[0]).toContain('title "production: deployments per day"');
    const bars =
      /bar \[([\d, ]+)\]/
        .exec(charts[0] ?? '')?.[1]
        ?.split(', ')
        .map(Number) ?? [];
    const line =
      /line \[([\d, ]+)\]/
        .exec(charts[0] ?? '')?.[1]
        ?.split(', ')
        .map(Number) ?? [];
    expect(bars).toHaveLength(30);
    // Successful, not rolled back: P0b P1 P4 F5; failed or rolled back: P2 P3 (P6 still running).
    expect(bars.reduce((a, b) => a + b, 0)).toBe(4);
    expect(line.reduce((a, b) => a + b, 0)).toBe(2);
    expect(line[10]).toBe(1);

    const page = readFileSync(join(workspace, 'site/index.html'), 'utf8');
    expect(page).toContain('<h1>Deployments of octo-org/hello-world</h1>');
    expect(page).not.toMatch(/<script|<link|src="http/);
    expect(api.fake.writes()).toEqual([]);
    // Masked first (the runner then hides it everywhere), never printed otherwise.
    const printed = run.log.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain(token);
    expect(run.summary).not.toContain(token);
  });

  it('shortens the window to max-deployments, with a warning in the log and the summary', async () => {
    const run = await report({ 'max-deployments': '3' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning::More than 3 deployments since 2026-10-31T12:00:00.000Z: the report starts at 2026-11-12T08:00:00.000Z \(8 older left out; raise max-deployments to include them\)\.$/m,
    );
    expect(run.summary).toContain('> [!WARNING]');
    expect(run.outputs.deployments).toBe('3');
    expect(JSON.parse(run.outputs.metrics ?? '')).toMatchObject([
      { environment: 'production', since: '2026-11-12T08:00:00.000Z', deployments: 3 },
    ]);
  });

  it('fails on a bad since with one error line naming it, before any request', async () => {
    const before = api.requests().length;
    const run = await report({ since: 'last month' });
    expect(run.exitCode).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/since.*must be a span such as 12h, 30d or 2w.*"last month"/);
    expect(api.requests().length).toBe(before);
  });
});
