import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand } from '../../cli/commands/run';
import { UsageError } from '../../cli/command';
import { ensureBundle } from '../workflows/support/bundles';

const echo = resolve(import.meta.dirname, '../fixtures/actions/echo');

let printed: string[];
let work: string;
const savedToken = process.env.GITHUB_TOKEN;

beforeEach(() => {
  printed = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  work = mkdtempSync(join(tmpdir(), 'deploy-kit-run-test-'));
  delete process.env.GITHUB_TOKEN;
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(work, { recursive: true, force: true });
  if (savedToken === undefined) delete process.env.GITHUB_TOKEN;
  else process.env.GITHUB_TOKEN = savedToken;
});

function eventFile(payload: unknown): string {
  const path = join(work, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

describe('deploy-kit run', () => {
  it('runs an action as the runner does and prints its log, outputs and job summary', async () => {
    const event = eventFile({
      action: 'prereleased',
      release: { tag_name: 'v1.0.0-beta.1' },
      repository: { full_name: 'octo-org/app' },
    });
    const code = await runCommand.run([
      echo,
      '--input',
      'message=hello world',
      '--event',
      event,
      '--env',
      'GITHUB_TOKEN=ghs_token_value_123',
    ]);
    const out = printed.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('message: hello world');
    // The default `${{ github.token }}` was evaluated, and the token masked.
    expect(out).toContain('token: set (***)');
    expect(out).not.toContain('ghs_token_value_123');
    // github.repository and the event name come from the payload.
    expect(out).toContain('repository: octo-org/app');
    expect(out).toContain('event: release prereleased');
    expect(out).toMatch(/── outputs ──\nmessage=hello world\nmultiline=first\nsecond/);
    expect(out).toMatch(/── job summary ──\n### Echo[\s\S]*\| hello world \|/);
    expect(out).not.toContain('a debug line');
  });

  it("returns the action's failing exit code and shows its error annotation", async () => {
    const code = await runCommand.run([echo, '--input', 'message=x', '--input', 'fail=true']);
    expect(code).toBe(1);
    expect(printed.join('\n')).toContain('Error: asked to fail');
  });

  it('masks what the action registers with add-mask, and shows debug lines with --debug', async () => {
    const code = await runCommand.run([echo, '--input', 'message=x', '--input', 'secret=hunter2-secret', '--debug']);
    const out = printed.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('the secret is ***');
    expect(out).not.toContain('hunter2-secret');
    expect(out).toContain('Debug: a debug line');
  });

  it('refuses a missing required input before starting the action', async () => {
    await expect(runCommand.run([echo])).rejects.toThrow('Input required and not supplied: message');
  });

  it('warns about inputs the action does not declare, as the runner does', async () => {
    await runCommand.run([echo, '--input', 'message=x', '--input', 'colour=blue']);
    expect(printed.join('\n')).toContain("Warning: Unexpected input(s) 'colour'");
  });

  it.each([
    [[], 'name the action to run'],
    [['no-such-action'], 'no action "no-such-action"'],
    [[echo, '--input', 'novalue'], '--input expects name=value (got "novalue")'],
    [[echo, '--colour', 'x'], 'unknown option --colour'],
    [[echo, '--event'], '--event needs a value'],
    [[echo, '--event', '/nonexistent/event.json'], '--event: cannot read /nonexistent/event.json (ENOENT)'],
  ])('bad arguments %j are a usage error: %s', async (args, message) => {
    const run = runCommand.run(args as string[]);
    await expect(run).rejects.toThrow(UsageError);
    await expect(runCommand.run(args as string[])).rejects.toThrow(message);
  });

  it('says clearly when the bundle has not been built', async () => {
    const dir = join(work, 'unbuilt');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'action.yml'),
      'name: x\ndescription: x\nruns:\n  using: node24\n  main: ../dist/unbuilt/index.js\n',
    );
    await expect(runCommand.run([dir])).rejects.toThrow(/does not exist: build it first \(npm run build\)/);
  });
});

describe('deploy-kit run from the CLI bundle', () => {
  // ncc rewrites some path expressions when bundling; this runs the real
  // bundle, as `npx deploy-kit` and the demo do, so such a rewrite is caught.
  const out = resolve(import.meta.dirname, '../../.tmp', `cli-bundle-${process.pid}`);

  beforeAll(() => {
    ensureBundle('health-check');
    execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build.js'), 'cli', '--out', out], {
      stdio: 'pipe',
      timeout: 180_000,
    });
  }, 200_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("finds deploy-kit's own action by name and returns its exit code", () => {
    const result = spawnSync(
      process.execPath,
      [join(out, 'cli/index.js'), 'run', 'health-check', '--input', 'url=not a url'],
      {
        cwd: tmpdir(),
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        timeout: 60_000,
      },
    );
    expect(result.stdout + result.stderr).toMatch(/Input "url"/);
    expect(result.stdout).toContain('Failed (exit code 1)');
    expect(result.status).toBe(1);
  });
});
