// `deploy-kit config` run from the bundle exactly as a user runs it:
// node bin/deploy-kit.js config ... (build it first: node scripts/build.js cli).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ISSUE_9_EXAMPLE } from './issue-9-example';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/deploy-kit.js');

interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The runner's GITHUB_* variables would change the defaults under test; start without them. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_')));
  return { ...env, ...extra };
}

function config(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, 'config', ...args],
      { cwd, env: cleanEnv(env), timeout: 30_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ exitCode, stdout, stderr });
      },
    );
  });
}

let scratch = '';

/** A repository folder holding .github/deploy-kit.yml with this text. */
function repository(name: string, text: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, '.github'), { recursive: true });
  writeFileSync(join(dir, '.github/deploy-kit.yml'), text);
  return dir;
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli/index.js'))) {
    throw new Error('dist/cli/index.js is missing: run `node scripts/build.js cli` first');
  }
  scratch = mkdtempSync(join(tmpdir(), 'deploy-kit-config-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('deploy-kit config on the example of the README', () => {
  it('prints every service with its full image, the targets, health URLs and where releases go', async () => {
    const dir = repository('example', ISSUE_9_EXAMPLE);
    const run = await config([], dir, { GITHUB_REPOSITORY: 'Daidai/Avatar' });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      file: '.github/deploy-kit.yml',
      repository: 'Daidai/Avatar',
      releases: { prerelease: 'staging', release: 'production' },
      services: [
        {
          name: 'api',
          image: 'ghcr.io/daidai/avatar/api',
          context: 'api-server',
          composeService: 'api',
          imageVariable: 'API_IMAGE',
          health: { json: ['status == "ok"'], expectVersion: true },
        },
        {
          name: 'frontend',
          image: 'ghcr.io/daidai/avatar/frontend',
          context: 'frontend',
          composeService: 'frontend',
          imageVariable: 'FRONTEND_IMAGE',
          health: { json: [], expectVersion: false },
        },
      ],
      environments: [
        {
          name: 'staging',
          on: ['prerelease'],
          url: 'https://daidai-preview.example.com',
          health: {
            api: ['https://api.daidai-preview.example.com/health'],
            frontend: ['https://daidai-preview.example.com/'],
          },
          target: {
            kind: 'ssh-compose',
            hosts: ['staging.example.com'],
            user: 'deploy',
            port: 22,
            projectDir: '/opt/deploy-avatar',
            composeFile: 'docker-compose.stage.yml',
          },
          freeze: [],
          requireChecks: false,
        },
        {
          name: 'production',
          on: ['release'],
          target: {
            kind: 'ssh-compose',
            hosts: ['prod.example.com'],
            projectDir: '/opt/deploy-avatar-prod',
            composeFile: 'docker-compose.prod.yml',
          },
          freeze: ['Fri 18:00 - Mon 08:00 Asia/Hong_Kong'],
          requireChecks: true,
        },
      ],
    });
  });

  it('--environment prints one environment (GitHub names are case-insensitive); --repository wins', async () => {
    const dir = repository('one-environment', ISSUE_9_EXAMPLE);
    const run = await config(['--environment', 'Production', '--repository', 'acme/shop'], dir, {
      GITHUB_REPOSITORY: 'other/repo',
    });
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as { environments: { name: string }[]; services: { image: string }[] };
    expect(printed.environments.map((e) => e.name)).toEqual(['production']);
    expect(printed.services.map((s) => s.image)).toEqual(['ghcr.io/acme/shop/api', 'ghcr.io/acme/shop/frontend']);
  });

  it('takes owner/repo from the git remote when nothing else names it', async () => {
    const dir = repository('from-git', ISSUE_9_EXAMPLE);
    await new Promise<void>((done, fail) =>
      execFile('git', ['init', '-q'], { cwd: dir, timeout: 10_000 }, (error) => (error ? fail(error) : done())),
    );
    await new Promise<void>((done, fail) =>
      execFile(
        'git',
        ['remote', 'add', 'origin', 'git@github.com:Daidai/avatar-app.git'],
        { cwd: dir, timeout: 10_000 },
        (error) => (error ? fail(error) : done()),
      ),
    );
    const run = await config([], dir);
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { repository: string }).repository).toBe('Daidai/avatar-app');
  });
});

describe('deploy-kit config refuses', () => {
  it('a file with mistakes: every problem on its own line, no secret echoed, exit 1, nothing on stdout', async () => {
    const text = ISSUE_9_EXAMPLE.replace('hosts: [prod.example.com]', 'hosts: prod.example.com')
      .replace('project-dir: /opt/deploy-avatar\n', 'project_dir: /opt/deploy-avatar\n')
      .replace('    require-checks: true\n', '    require-checks: true\n    ssh-key: abc\n')
      .replace('url: https://daidai-preview.example.com', 'url: https://deploy:hunter2@daidai-preview.example.com');
    const dir = repository('broken', text);
    const run = await config(['--repository', 'acme/shop'], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      '.github/deploy-kit.yml:10:5: environments.staging.url: holds a URL with a password; secrets never go in this file',
      '.github/deploy-kit.yml:14:5: environments.staging.target.project-dir: required: a directory on the host such as /opt/app',
      '.github/deploy-kit.yml:18:7: environments.staging.target.project_dir: unknown key; did you mean "project-dir"?',
      '.github/deploy-kit.yml:28:7: environments.production.target.hosts: expected a list of host names',
      '.github/deploy-kit.yml:34:5: environments.production.ssh-key: looks like a secret; secrets never go in this file: set it as the secret DEPLOY_SSH_KEY of the GitHub environment "production"',
      '',
    ]);
    expect(run.stderr).not.toMatch(/hunter2|abc/);
  });

  it('a freeze window pre-deploy-check could not read, before any deploy', async () => {
    const text = ISSUE_9_EXAMPLE.replace(
      "freeze: ['Fri 18:00 - Mon 08:00 Asia/Hong_Kong']",
      "freeze: ['Fri 18:00 - Mon 08:00 Hong Kong']",
    );
    const dir = repository('bad-freeze', text);
    const run = await config(['--repository', 'acme/shop'], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      '.github/deploy-kit.yml:32:14: environments.production.freeze.0: "Fri 18:00 - Mon 08:00 Hong Kong" is not a freeze window such as "Fri 18:00 - Mon 08:00 Europe/Berlin" or "2026-12-24 00:00 - 2026-12-27 08:00 UTC"\n',
    );
  });

  it('a --config file that does not exist', async () => {
    const run = await config(['--config', 'deploy/none.yml', '--repository', 'acme/shop'], scratch);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'deploy-kit config: deploy/none.yml does not exist: describe your services and environments there (docs/configuration.md), or pass --config FILE\n',
    );
  });

  it('an environment the file does not have', async () => {
    const dir = repository('no-such-environment', ISSUE_9_EXAMPLE);
    const run = await config(['--environment', 'qa', '--repository', 'acme/shop'], dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'deploy-kit config: no environment "qa" in .github/deploy-kit.yml; it has: staging, production\n',
    );
  });

  it('a repository that is not owner/repo (exit 2)', async () => {
    const dir = repository('bad-repository', ISSUE_9_EXAMPLE);
    const run = await config(['--repository', 'not a repo'], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^deploy-kit config: --repository "not a repo" is not of the form owner\/repo/);
  });
});
