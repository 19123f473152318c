import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { workflowCommand } from '../../cli/commands/workflow';
import { UsageError } from '../../cli/command';

const root = resolve(import.meta.dirname, '../..');
const fixtures = resolve(import.meta.dirname, '../workflows/fixtures/runner');
const pipeline = join(fixtures, 'pipeline.yml');
const SECRET = 'sk_live_fixture_secret_42';

let printed: string[];
let work: string;

beforeEach(() => {
  printed = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  work = mkdtempSync(join(tmpdir(), 'deploy-kit-workflow-test-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(work, { recursive: true, force: true });
});

function file(name: string, content: unknown): string {
  const path = join(work, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const prerelease = {
  action: 'prereleased',
  release: { tag_name: 'v1.0.0-beta.1', prerelease: true },
  repository: { full_name: 'octo-org/app' },
};
const release = { ...prerelease, action: 'released', release: { tag_name: 'v1.0.0', prerelease: false } };

/** The table row of a job or step: `name │ ... │ result │ details`. */
function row(out: string, first: string, second = ''): string {
  const line = out.split('\n').find((l) => {
    const cells = l.split('│').map((c) => c.trim());
    return cells[0] === first && (second === '' ? cells[1] === '' : cells[1] === second);
  });
  if (!line) throw new Error(`no table row for ${first} / ${second} in:\n${out}`);
  return line;
}

async function runPipeline(event: unknown, extra: string[] = []) {
  const code = await workflowCommand.run([
    pipeline,
    '--event',
    file('event.json', event),
    '--secrets',
    file('secrets.json', { 'api-key': SECRET }),
    ...extra,
  ]);
  return { code, out: printed.join('\n') };
}

describe('deploy-kit workflow', () => {
  it('runs jobs in dependency order with outputs, environments, env layers and masked secrets', async () => {
    const { code, out } = await runPipeline(prerelease);
    expect(code).toBe(0);
    // needs order: plan before build before report, although report comes first in the file.
    const order = ['■ Job plan', '■ Job build', '■ Job report'].map((marker) => out.indexOf(marker));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The plan job's output chose the environment; the action saw it through needs.
    expect(out).toContain('message: hello-staging');
    expect(row(out, 'build')).toContain('environment staging (https://hello-staging.example.test)');
    // Env from workflow, job and GITHUB_ENV all reach a run step; the secret is masked.
    expect(out).toContain('echoed=hello-staging workflow=from-workflow job=from-job key=***');
    expect(out).not.toContain(SECRET);
    // continue-on-error: the step failed, the job did not.
    expect(out).toContain('flaky outcome=failure conclusion=success');
    expect(row(out, '', 'Run exit 3')).toMatch(/│ success │ failure, continue-on-error; exit code 3/);
    // timeout-minutes: 0.01 stops `sleep 30` after 0.6 s.
    expect(out).toContain('Error: the step ran longer than its 0.01 minute(s) and was stopped');
    expect(row(out, '', 'Too slow')).toMatch(/│ success │ failure, continue-on-error; exit code 124/);
    // actions/checkout is the one action the local workspace stands in for.
    expect(row(out, '', 'Check out')).toMatch(
      /│ skipped │ actions\/checkout: the local workspace stands in for the checkout/,
    );
    expect(row(out, '', 'Fail on request')).toMatch(/│ skipped │ if: inputs.fail-build was false/);
    expect(row(out, '', 'Only after a failure')).toMatch(/│ skipped │/);
    expect(out).toContain('build result=success in workflow Fixture pipeline');
    expect(out).toContain('Workflow Fixture pipeline: success');
    expect(out).toContain('Outputs: final=report saw hello-staging');
  });

  it('a release event takes the other branch of the same expressions', async () => {
    const { code, out } = await runPipeline(release, ['--input', 'greeting=hey']);
    expect(code).toBe(0);
    expect(out).toContain('message: hey-production');
    expect(row(out, 'build')).toContain('environment production');
  });

  it('a failed job fails the run: dependents are skipped, always() jobs and failure() steps still run', async () => {
    const { code, out } = await runPipeline(prerelease, ['--input', 'fail-build=true']);
    expect(code).toBe(1);
    expect(row(out, 'build')).toMatch(/│ failure │/);
    expect(row(out, '', 'Fail on request')).toMatch(/│ failure │ exit code 1/);
    expect(out).toContain('cleaning up after failure');
    expect(row(out, 'report')).toMatch(/│ skipped │ a job it needs did not succeed/);
    expect(out).toContain('build result=failure');
    expect(row(out, 'notify')).toMatch(/│ success │/);
    expect(out).toContain('Workflow Fixture pipeline: failure');
  });

  it('follows a job that calls a reusable workflow, passing inputs and secrets', async () => {
    const code = await workflowCommand.run([
      join(fixtures, 'calls-pipeline.yml'),
      '--event',
      file('event.json', prerelease),
      '--secrets',
      file('secrets.json', { API_KEY: SECRET, GITHUB_TOKEN: 'ghs_caller_token_1234' }),
    ]);
    const out = printed.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('message: hi-staging');
    // The called workflow gets the caller's token and sees the caller's github.workflow.
    expect(out).toContain('token: set (***)');
    expect(out).not.toContain('ghs_caller_token_1234');
    expect(out).toContain('build result=success in workflow Caller');
    expect(row(out, 'pipeline › build')).toContain('environment staging');
    expect(out).toContain('caller got report saw hi-staging');
    expect(out).not.toContain(SECRET);
  });

  it('Ctrl-C cancels the run: the running step is stopped, always() steps and jobs still run, exit 130', async () => {
    // A real process, as a user runs it, gets the SIGINT a terminal sends on Ctrl-C.
    const cli = spawn(
      process.execPath,
      [
        join(root, 'scripts/ts-run.mjs'),
        join(root, 'cli/main.ts'),
        'workflow',
        join(fixtures, 'cancel.yml'),
        '--event',
        file('event.json', {}),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const watchdog = setTimeout(() => cli.kill('SIGKILL'), 60_000);
    cli.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    cli.stdout.on('data', (chunk: Buffer) => {
      const before = out;
      out += chunk.toString();
      if (!before.includes('  started') && out.includes('  started')) cli.kill('SIGINT');
    });
    const code = await new Promise<number | null>((done) => cli.on('close', (exitCode) => done(exitCode)));
    clearTimeout(watchdog);
    expect(code).toBe(130);
    expect(out).not.toContain('never printed');
    expect(out).not.toContain('next step ran');
    expect(row(out, '', 'Next step')).toMatch(/│ skipped\s+│ the run was cancelled/);
    expect(out).toContain('clean-up ran');
    expect(row(out, 'work')).toMatch(/│ cancelled │/);
    expect(row(out, 'later')).toMatch(/│ cancelled │ the run was cancelled/);
    expect(out).not.toContain('later ran');
    expect(out).toContain('notify saw cancelled');
    expect(out).toContain('Workflow Cancelled: cancelled');
  });

  it('refuses a missing required secret and an unknown input before running anything', async () => {
    const event = file('event.json', prerelease);
    await expect(workflowCommand.run([pipeline, '--event', event])).rejects.toThrow(
      'Secret(s) required by this workflow: api-key',
    );
    await expect(
      workflowCommand.run([
        pipeline,
        '--event',
        event,
        '--secrets',
        file('s.json', { 'api-key': 'x' }),
        '--input',
        'colour=red',
      ]),
    ).rejects.toThrow("Unknown input(s): colour. This workflow's inputs: greeting, fail-build");
    await expect(
      workflowCommand.run([
        pipeline,
        '--event',
        event,
        '--secrets',
        file('s.json', { 'api-key': 'x' }),
        '--input',
        'fail-build=maybe',
      ]),
    ).rejects.toThrow('Input "fail-build" must be true or false (got "maybe")');
    expect(printed.join('\n')).not.toContain('■ Job');
  });

  it.each([
    [[], 'name the workflow file to run'],
    [['x.yml'], '--event payload.json is required'],
    [['x.yml', '--event', '/nonexistent.json'], '--event: cannot read /nonexistent.json (ENOENT)'],
    [['x.yml', '--event', 'EVENT', '--secrets', 'ARRAY'], '--secrets: ARRAY must hold a JSON object'],
    [['x.yml', '--event', 'EVENT', '--vars', 'NUMBERS'], '--vars: "n" in NUMBERS must be a string'],
    [['x.yml', '--event', 'EVENT', '--input', 'oops'], '--input expects name=value (got "oops")'],
    [['x.yml', '--event', 'EVENT', '--event', 'EVENT'], '--event given more than once'],
  ])('bad arguments %j are a usage error: %s', async (args, message) => {
    const paths: Record<string, string> = {
      EVENT: file('event.json', prerelease),
      ARRAY: file('array.json', [1, 2]),
      NUMBERS: file('numbers.json', { n: 1 }),
    };
    const real = (args as string[]).map((a) => paths[a] ?? a);
    const expected = message.replace(/ARRAY|NUMBERS/, (name) => paths[name] as string);
    await expect(workflowCommand.run(real)).rejects.toThrow(UsageError);
    await expect(workflowCommand.run(real)).rejects.toThrow(expected);
  });

  async function runFixture(name: string, extra: string[] = []) {
    const code = await workflowCommand.run([join(fixtures, name), '--event', file('event.json', {}), ...extra]);
    return { code, out: printed.join('\n') };
  }

  it('runs every combination of a matrix, each with its own matrix and strategy contexts', async () => {
    const { code, out } = await runFixture('matrix.yml');
    expect(code).toBe(0);
    // Crossed lists minus exclude; include extends (24, linux) and adds (25, linux).
    expect(out.split('\n').filter((line) => line.startsWith('  ran '))).toEqual([
      '  ran node=22 os=linux coverage=no index=0/4',
      '  ran node=24 os=linux coverage=true index=1/4',
      '  ran node=24 os=mac coverage=no index=2/4',
      '  ran node=25 os=linux coverage=no index=3/4',
    ]);
    expect(row(out, 'test')).toMatch(/│ success │ 4 of 4 matrix combination\(s\) succeeded/);
    expect(row(out, 'test (24, linux, true)')).toMatch(/│ success │/);
    expect(out).toContain('■ Job test (22, linux) (Test on Node 22 (linux))');
    expect(out).toContain('after saw success, last=25-linux');
    expect(out).toContain('Workflow Matrix: success');
  });

  it('a failed combination fails the run; fail-fast cancels the combinations not yet started', async () => {
    const { code, out } = await runFixture('matrix.yml', ['--input', 'fail-on=22-linux']);
    expect(code).toBe(1);
    expect(row(out, 'test (22, linux)')).toMatch(/│ failure\s+│/);
    for (const combination of ['test (24, linux, true)', 'test (24, mac)', 'test (25, linux, true)'])
      expect(row(out, combination)).toMatch(/│ cancelled\s+│ fail-fast: an earlier combination failed/);
    expect(row(out, 'test')).toMatch(/│ failure\s+│ 0 of 4/);
    expect(out).toContain('after saw failure');
    expect(out).toContain('Workflow Matrix: failure');
  });

  it('without fail-fast every combination still runs, and the run fails', async () => {
    const { code, out } = await runFixture('matrix.yml', ['--input', 'fail-on=24-linux', '--input', 'fail-fast=false']);
    expect(code).toBe(1);
    expect(out.split('\n').filter((line) => line.startsWith('  ran '))).toHaveLength(4);
    expect(row(out, 'test (24, linux, true)')).toMatch(/│ failure\s+│/);
    expect(row(out, 'test (25, linux, true)')).toMatch(/│ success\s+│/);
    expect(row(out, 'test')).toMatch(/│ failure\s+│ 3 of 4/);
  });

  it('fails, saying why, for what it cannot run (a third-party action, a container job, services) and a job past its timeout', async () => {
    const { code, out } = await runFixture('not-run-locally.yml');
    expect(code).toBe(1);
    expect(row(out, '', 'Lint')).toMatch(
      /│ failure │ not run: third-party action super-linter\/super-linter: not run locally/,
    );
    expect(row(out, '', 'Run echo after lint')).toMatch(/│ skipped │ an earlier step failed/);
    expect(row(out, 'in-container')).toMatch(
      /│ failure │ not run: a job with container: runs its steps in a container/,
    );
    expect(out).not.toContain('in a container\n');
    expect(row(out, 'with-services')).toMatch(/│ failure │ not run: a job with services: needs service containers/);
    expect(row(out, 'allowed-to-fail')).toMatch(/│ failure │ failed, continue-on-error: does not fail the run/);
    // Job-level timeout-minutes (0.01) stops the 20 s sleep; the step after it does not run.
    expect(row(out, '', 'Run sleep 20')).toMatch(/│ failure │ the job ran longer than its timeout-minutes \(0\.01\)/);
    expect(row(out, '', 'Run echo never reached')).toMatch(/│ skipped │/);
    expect(out).toContain('Workflow Not run locally: failure');
  });

  it('a failed job under continue-on-error does not fail the run', async () => {
    const only = file(
      'allowed.yml',
      'on: workflow_call\njobs:\n  flaky:\n    runs-on: x\n    continue-on-error: true\n    steps: [{run: "exit 4"}]\n',
    );
    const code = await workflowCommand.run([only, '--event', file('e.json', {})]);
    expect(code).toBe(0);
    expect(printed.join('\n')).toMatch(/Workflow .*allowed\.yml: success/);
  });

  it('--env GITHUB_TOKEN=... is github.token and secrets.GITHUB_TOKEN, masked', async () => {
    const token = 'ghs_fromTheEnvOption42';
    const { code, out } = await runFixture('token.yml', ['--env', `GITHUB_TOKEN=${token}`]);
    expect(code).toBe(0);
    expect(out).toContain(`token length ${token.length}, secret length ${token.length}, token=***`);
    expect(out).not.toContain(token);
  });

  it("takes a release's target_commitish sha as github.sha, and git HEAD for a branch, as plan does", async () => {
    const sha = 'ffac537e6cbbf934b08745a378932722df287a53';
    const show = file(
      'sha.yml',
      'on: release\njobs:\n  show:\n    runs-on: x\n    steps:\n      - env: { SHA: "${{ github.sha }}" }\n        run: echo "sha=$SHA"\n',
    );
    const released = (commitish: string) =>
      file('event.json', { ...release, release: { ...release.release, target_commitish: commitish } });
    expect(await workflowCommand.run([show, '--event', released(sha)])).toBe(0);
    expect(printed.join('\n')).toContain(`sha=${sha}`);
    printed = [];
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    expect(await workflowCommand.run([show, '--event', released('main')])).toBe(0);
    expect(printed.join('\n')).toContain(`sha=${head}`);
  });

  it('reports a workflow whose jobs need each other in a circle', async () => {
    const circular = file(
      'circle.yml',
      'on: workflow_call\njobs:\n  a:\n    needs: b\n    runs-on: x\n    steps: [{run: "true"}]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{run: "true"}]\n',
    );
    await expect(workflowCommand.run([circular, '--event', file('e.json', {})])).rejects.toThrow(
      'Jobs need each other in a circle: a -> b -> a',
    );
  });
});
