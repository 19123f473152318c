// The deploy-kit command line as a user runs it, from the bundle: node bin/deploy-kit.js ...
// (build it first: node scripts/build.js cli). Every mistake is one line on stderr; the
// usage is printed only for --help.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/deploy-kit.js');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ exitCode, stdout, stderr });
    });
  });
}

const oneLine = (text: string): string[] => text.trimEnd().split('\n');

describe('deploy-kit', () => {
  it('--version prints the version of package.json', async () => {
    const run = await cli(['--version']);
    expect(run).toEqual({ exitCode: 0, stdout: `deploy-kit ${version}\n`, stderr: '' });
  });

  it('--help lists the commands', async () => {
    const run = await cli(['--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Usage: deploy-kit <command>/);
    for (const name of ['plan', 'run', 'workflow']) expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('an unknown command is one line naming the valid ones, exit 2', async () => {
    const run = await cli(['deploi']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^deploy-kit: unknown command "deploi"; the commands are .*plan, run, workflow/);
  });

  it('no command is one line, exit 2', async () => {
    const run = await cli([]);
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toEqual([expect.stringMatching(/^deploy-kit: name a command: .*plan, run, workflow/)]);
  });

  it('run with an unknown action lists the valid ones on one line, exit 2', async () => {
    const run = await cli(['run', 'deplyo']);
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain('deploy-kit run: no action "deplyo": the actions are ');
    for (const name of ['build-image', 'deploy', 'health-check', 'notify', 'pre-deploy-check', 'rollback'])
      expect(run.stderr).toMatch(new RegExp(`[ ,]${name}[,;, ]`));
    expect(run.stderr).not.toContain('Usage:');
  });

  it('a bad option of workflow is one line pointing at --help, exit 2', async () => {
    const run = await cli(['workflow', 'x.yml', '--evnt', 'e.json']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'deploy-kit workflow: unknown option --evnt (deploy-kit workflow --help shows the options)\n',
    );
  });

  it('a command --help prints its usage on stdout, exit 0', async () => {
    const run = await cli(['workflow', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Usage: deploy-kit workflow <file>/);
  });
});
