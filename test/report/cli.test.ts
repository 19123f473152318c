// `deploy-kit history` and `deploy-kit metrics` run from the bundle as a user
// runs them (build it first: node scripts/build.js cli), against the fake
// GitHub API seeded with the hand-worked history of history-fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startLedgerApi, type LedgerApi } from './ledger-api';
import { EXPECTED, NOW, SINCE, seedHistory, type SeededIds } from './history-fixture';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/deploy-kit.js');
const window = ['--since', SINCE.toISOString(), '--until', NOW.toISOString()];
const repo = ['--repo', 'octo-org/hello-world'];

let api: LedgerApi;
let ids: SeededIds;

interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = { GITHUB_TOKEN: 'ghs_cli_test' }): Promise<CliRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_')));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...clean, GITHUB_API_URL: api.url, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        done({ exitCode: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/cli/index.js')))
    throw new Error('dist/cli/index.js is missing: run `node scripts/build.js cli` first');
  api = await startLedgerApi();
  ids = seedHistory(api);
});

afterAll(async () => {
  expect(api.validationErrors()).toEqual([]);
  await api.stop();
});

describe('deploy-kit metrics', () => {
  it('prints the hand-worked DORA metrics of each environment as JSON', async () => {
    const run = await cli(['metrics', ...repo, ...window, '--json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([EXPECTED.production, EXPECTED.staging]);
  });

  it('gives null, never 0, for an environment whose window is empty', async () => {
    const run = await cli(['metrics', ...repo, ...window, '--environment', 'preview', '--json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([EXPECTED.preview]);
  });

  it('prints the metrics for people, per day and per week', async () => {
    const run = await cli(['metrics', ...repo, ...window, '--environment', 'production']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('production (since 2026-10-31T12:00:00.000Z)');
    expect(run.stdout).toMatch(/Deployment frequency +0\.17\/day \(1\.17\/week\)/);
    expect(run.stdout).toMatch(/Lead time \(median\) +1d/);
    expect(run.stdout).toMatch(/Change failure rate +33\.3%/);
    expect(run.stdout).toMatch(/Time to restore \(median\) +21h 32m/);
  });
});

describe('deploy-kit history', () => {
  it('lists each deployment with version, digest, who, when, outcome, rollback and duration', async () => {
    const run = await cli(['history', ...repo, ...window, '--environment', 'production']);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID +ENVIRONMENT +TASK +VERSION +DIGEST +WHO +WHEN +OUTCOME +ROLLBACK +DURATION$/);
    expect(lines).toHaveLength(1 + 8);
    const row = (id: number) => lines.find((l) => l.startsWith(`${id} `)) ?? '';
    expect(row(ids.P2)).toMatch(
      /production +deploy +1\.1\.0 +sha256:312e312e3000 +github-actions\[bot\] +2026-11-05 09:00Z +failure +rolled back to 1\.0\.0 \(#\d+\) +5m/,
    );
    expect(row(ids.R1)).toMatch(/rollback +1\.0\.0 .* success +from 1\.1\.0 \(#\d+\) to 1\.0\.0 +5m/);
    expect(row(ids.P0b)).toMatch(/deploy +0\.9\.5 +— +mona /);
  });

  it('prints the entries as JSON', async () => {
    const run = await cli(['history', ...repo, ...window, '--json']);
    expect(run.exitCode).toBe(0);
    const entries = JSON.parse(run.stdout) as { id: number; outcome: string }[];
    expect(entries).toHaveLength(11);
    expect(entries.find((e) => e.id === ids.P3)).toMatchObject({ outcome: 'failure', durationSeconds: 1200 });
  });
});

describe('mistakes fail before any request, in one line', () => {
  it.each([
    [['history', ...repo, '--since', 'yesterday'], /--since expects a span \(12h, 30d, 2w\) or a date.*"yesterday"/],
    [['metrics', '--repo', 'hello-world'], /--repo expects OWNER\/NAME, got "hello-world"/],
    [['metrics', ...repo, '--until', 'soon'], /--until expects a date .*"soon"/],
  ])('%j', async (args, message) => {
    const before = api.requests().length;
    const run = await cli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(api.requests().length).toBe(before);
  });

  it('needs GITHUB_TOKEN', async () => {
    const before = api.requests().length;
    const run = await cli(['history', ...repo], {});
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toBe(
      'deploy-kit history: GITHUB_TOKEN is not set: it needs read access to deployments and contents',
    );
    expect(api.requests().length).toBe(before);
  });

  it('names a repository GitHub does not know', async () => {
    const run = await cli(['metrics', '--repo', 'octo-org/nope', ...window]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toMatch(/^deploy-kit metrics: GitHub answered 404 for octo-org\/nope: /);
    expect(run.stderr).not.toContain('ghs_cli_test');
  });
});
