// `deploy-kit plan` run from the bundle exactly as a user runs it:
// node bin/deploy-kit.js plan ... (build it first: node scripts/build.js cli).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import examples from '@octokit/webhooks-examples';

const root = resolve(import.meta.dirname, '../..');
const events = join(root, 'test/fixtures/events');
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

function plan(args: string[], env: NodeJS.ProcessEnv = {}, cwd = root): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, 'plan', ...args],
      { cwd, env: cleanEnv(env), timeout: 30_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ exitCode, stdout, stderr });
      },
    );
  });
}

function json(run: CliRun): Record<string, unknown> {
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

let scratch = '';

beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli/index.js'))) {
    throw new Error('dist/cli/index.js is missing: run `node scripts/build.js cli` first');
  }
  scratch = mkdtempSync(join(tmpdir(), 'deploy-kit-plan-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('deploy-kit plan on the ready-to-use release files', () => {
  it('plans the prerelease for staging, taking the sha from target_commitish', async () => {
    const run = await plan(['--event', join(events, 'release-prereleased-v1.0.0-beta.1.json')]);
    expect(json(run)).toMatchObject({
      environment: 'staging',
      version: 'v1.0.0-beta.1',
      tags: ['v1.0.0-beta.1', 'staging', 'sha-ffac537'],
      shaTag: 'sha-ffac537',
      prerelease: true,
      latest: false,
      image: 'ghcr.io/octo-org/hello-world',
      warnings: [],
      notices: [],
    });
    expect(run.stderr).toBe('');
  });

  it('plans a release with semver tags over existing registry tags', async () => {
    const run = await plan([
      '--event',
      join(events, 'release-released-v1.1.0.json'),
      '--existing-tags',
      'v1.0.0-beta.1,v1.0.0,latest,staging',
      '--semver-tags',
    ]);
    const result = json(run);
    expect(result['tags']).toEqual(['v1.1.0', 'latest', 'v1.1', 'v1', 'sha-2c5b0e8']);
    expect(result['labels']).toMatchObject({
      'org.opencontainers.image.revision': '2c5b0e8cd5a0f4a1d5c0ee7d2e3c4a3b9f6e1d20',
      'org.opencontainers.image.version': 'v1.1.0',
      'org.opencontainers.image.licenses': 'MIT',
    });
  });

  it('keeps latest on a backport and prints the warning on stderr, not in the JSON stream', async () => {
    const run = await plan([
      '--event',
      join(events, 'release-released-backport-v1.0.1.json'),
      '--existing-tags',
      'v1.0.0',
      '--existing-tags',
      'v1.1.0,latest',
    ]);
    const result = json(run);
    expect(result['tags']).toEqual(['v1.0.1', 'sha-9d3f1e2']);
    expect(result['latest']).toBe(false);
    expect(run.stderr).toBe(
      'warning: v1.0.1 is lower than v1.1.0 already in the registry (a backport), so "latest" does not move\n',
    );
  });

  it('keeps latest for a backport when a higher release is a known rewritten build-metadata tag', async () => {
    const args = ['--event', join(events, 'release-released-backport-v1.0.1.json'), '--existing-tags'];
    const unknown = json(await plan([...args, 'v1.0.0,v1.1.0-build.5,latest']));
    expect(unknown['tags']).toEqual(['v1.0.1', 'latest', 'sha-9d3f1e2']);
    const run = await plan([...args, 'v1.0.0,v1.1.0-build.5,latest', '--known-full-releases', 'v1.1.0-build.5']);
    expect(json(run)['tags']).toEqual(['v1.0.1', 'sha-9d3f1e2']);
    expect(run.stderr).toContain('v1.0.1 is lower than v1.1.0+build.5 already in the registry');
  });

  it('prints a notice when build metadata is rewritten', async () => {
    const run = await plan(['--event', join(events, 'release-published-prerelease-1.2.0-rc.1+build.5.json')]);
    expect(json(run)['tags']).toEqual(['1.2.0-rc.1-build.5', 'staging', 'sha-ffac537']);
    expect(run.stderr).toContain('notice: Docker tags cannot contain "+"');
  });

  it('applies --image and --label', async () => {
    const run = await plan([
      '--event',
      join(events, 'release-released-v1.0.0.json'),
      '--image',
      '127.0.0.1:5000/demo/app',
      '--label',
      'org.opencontainers.image.title=Demo',
    ]);
    const result = json(run);
    expect(result['image']).toBe('127.0.0.1:5000/demo/app');
    expect(result['labels']).toMatchObject({ 'org.opencontainers.image.title': 'Demo' });
  });
});

describe('deploy-kit plan on other events', () => {
  it('plans a workflow_dispatch from --environment and --version', async () => {
    const run = await plan([
      '--event',
      join(events, 'workflow-dispatch.json'),
      '--event-name',
      'workflow_dispatch',
      '--environment',
      'production',
      '--version',
      'v1.1.0',
      '--sha',
      'ffac537e6cbbf934b08745a378932722df287a53',
    ]);
    expect(json(run)).toMatchObject({
      environment: 'production',
      tags: ['v1.1.0', 'latest', 'sha-ffac537'],
      image: 'ghcr.io/octo-org/octo-repo',
    });
  });

  it("takes environment and version from a workflow_dispatch payload's inputs when not given", async () => {
    const run = await plan(['--event', join(events, 'workflow-dispatch.json')], {
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    });
    expect(json(run)).toMatchObject({
      environment: 'production',
      version: 'v1.1.0',
      tags: ['v1.1.0', 'latest', 'sha-ffac537'],
    });
  });

  it('refuses a workflow_call without --environment', async () => {
    const run = await plan(
      ['--event', join(events, 'workflow-dispatch.json'), '--event-name', 'workflow_call', '--version', 'v1.1.0'],
      { GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'deploy-kit plan: A workflow_call run needs the "environment" input: staging or production\n',
    );
  });

  it('takes the event name and sha from the runner environment for a real push payload', async () => {
    const run = await plan(['--event', join(events, 'push-tag-v1.4.0-rc.2.json')], {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    });
    expect(json(run)).toMatchObject({ environment: 'staging', tags: ['v1.4.0-rc.2', 'staging', 'sha-6113728'] });
  });

  it('takes git HEAD for a target_commitish that is a branch, as deploy-kit workflow does', async () => {
    const checkout = mkdtempSync(join(tmpdir(), 'deploy-kit-plan-git-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: checkout, encoding: 'utf8' }).trim();
      git('init', '--quiet');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '--quiet', '--allow-empty', '-m', 'one');
      const head = git('rev-parse', 'HEAD');
      const event = join(checkout, 'release.json');
      writeFileSync(
        event,
        JSON.stringify({
          action: 'released',
          release: { tag_name: 'v2.0.0', target_commitish: 'main', prerelease: false, draft: false },
          repository: { full_name: 'octo-org/app' },
        }),
      );
      const run = await plan(['--event', event], {}, checkout);
      expect(json(run)).toMatchObject({
        tags: ['v2.0.0', 'latest', `sha-${head.slice(0, 7)}`],
        labels: { 'org.opencontainers.image.revision': head },
      });
      expect(run.stderr).toContain(
        `release.target_commitish is "main", not a commit: planning for HEAD of this checkout, ${head}`,
      );
      // GITHUB_SHA, as on a runner, still comes first.
      const onRunner = await plan(
        ['--event', event],
        { GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' },
        checkout,
      );
      expect(json(onRunner)).toMatchObject({ shaTag: 'sha-6113728' });
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });

  it('plans the real webhooks example (Codertocat/Hello-World, tag 0.0.1) with a lower-cased image', async () => {
    const release = (examples as unknown as { name: string; examples: unknown[] }[]).find((e) => e.name === 'release');
    const released = release?.examples.find((x) => (x as { action: string }).action === 'released');
    const file = join(scratch, 'released.json');
    writeFileSync(file, JSON.stringify(released));

    // target_commitish is "master" there, so the sha must come from somewhere else:
    // outside a git checkout and without GITHUB_SHA there is nowhere to take it from.
    const withoutSha = await plan(['--event', file], {}, scratch);
    expect(withoutSha.exitCode).toBe(2);
    expect(withoutSha.stderr).toContain(
      '--sha is required: the payload\'s release.target_commitish is "master", not a commit sha',
    );
    expect(withoutSha.stderr.trim().split('\n')).toHaveLength(1);

    const run = await plan(['--event', file], { GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' });
    expect(json(run)).toMatchObject({
      environment: 'production',
      version: '0.0.1',
      tags: ['0.0.1', 'latest', 'sha-6113728'],
      image: 'ghcr.io/codertocat/hello-world',
    });
  });
});

describe('deploy-kit plan refusals and mistakes', () => {
  it.each([
    [
      'a draft',
      'release-published-draft-v1.3.0.json',
      'Release v1.3.0 is a draft; drafts are never deployed. Publish the release to deploy it',
    ],
    ['an edited release', 'release-edited-v1.0.0.json', 'release action "edited" does not deploy'],
    ['a non-semver tag', 'release-published-not-semver-nightly-42.json', 'Version "nightly-42" is not semver'],
  ])('refuses %s with exit 1 and one line, nothing on stdout', async (_what, file, message) => {
    const run = await plan(['--event', join(events, file)]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`deploy-kit plan: `);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an upper-case --image with exit 1', async () => {
    const run = await plan([
      '--event',
      join(events, 'release-released-v1.0.0.json'),
      '--image',
      'ghcr.io/Octo-Org/app',
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('contains upper-case letters');
  });

  it('accepts a non-semver tag with --allow-non-semver', async () => {
    const run = await plan([
      '--event',
      join(events, 'release-published-not-semver-nightly-42.json'),
      '--allow-non-semver',
    ]);
    expect(json(run)['tags']).toEqual(['nightly-42', 'latest', 'sha-ffac537']);
  });

  it.each([
    ['no --event', [], '--event <payload.json> is required'],
    [
      'an unknown option',
      ['--event', join(events, 'release-released-v1.0.0.json'), '--tags', 'x'],
      "Unknown option '--tags'",
    ],
    ['a missing file', ['--event', join(events, 'no-such-file.json')], 'cannot read --event'],
    [
      'a bad --label',
      ['--event', join(events, 'release-released-v1.0.0.json'), '--label', 'novalue'],
      '--label expects key=value',
    ],
  ])('exits 2 with one line pointing at --help (no usage dump) for %s', async (_what, args, message) => {
    const run = await plan(args);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/^deploy-kit plan: .*\(deploy-kit plan --help shows the options\)\n$/);
    expect(run.stderr).not.toContain('Usage:');
  });

  it('exits 1 for a file that is not JSON', async () => {
    const file = join(scratch, 'broken.json');
    writeFileSync(file, '{ "action": ');
    const run = await plan(['--event', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`deploy-kit plan: ${file} is not valid JSON\n`);
  });

  it('prints its usage with --help', async () => {
    const run = await plan(['--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--existing-tags <a,b,c>');
  });
});

describe('deploy-kit plan --config: every service and the environment', () => {
  const file = () => join(scratch, 'deploy-kit.yml');
  beforeAll(() => {
    writeFileSync(
      file(),
      [
        'services:',
        '  api: { context: api-server }',
        '  frontend: { context: frontend }',
        'environments:',
        '  preview:',
        '    on: prerelease',
        '    health: { api: https://api.preview.example.com/health }',
        '    target: { kind: ssh-compose, hosts: [staging.example.com], user: deploy, project-dir: /opt/app }',
        '  live:',
        '    on: release',
        '    url: https://example.com',
        '    health: { api: https://api.example.com/health, frontend: https://example.com/ }',
        '    target: { kind: ssh-compose, hosts: [prod.example.com], user: deploy, project-dir: /opt/app-prod }',
        '',
      ].join('\n'),
    );
  });

  it('sends a release to the environment whose on: takes it and plans each service', async () => {
    const run = await plan([
      '--config',
      file(),
      '--event',
      join(events, 'release-released-v1.1.0.json'),
      '--existing-tags',
      'v1.0.0,latest',
    ]);
    const planned = json(run);
    expect(planned).toMatchObject({
      deploy: true,
      environment: 'live',
      version: 'v1.1.0',
      prerelease: false,
      environmentUrl: 'https://example.com',
      healthUrls: ['https://api.example.com/health', 'https://example.com/'],
      secrets: ['DEPLOY_SSH_KEY', 'DEPLOY_SSH_KNOWN_HOSTS'],
    });
    expect(planned.services).toEqual([
      expect.objectContaining({
        service: 'api',
        image: 'ghcr.io/octo-org/hello-world/api',
        composeService: 'api',
        imageVariable: 'API_IMAGE',
        healthUrls: ['https://api.example.com/health'],
        tags: ['v1.1.0', 'sha-2c5b0e8'],
        tagsAfterHealth: ['latest'],
      }),
      expect.objectContaining({
        service: 'frontend',
        image: 'ghcr.io/octo-org/hello-world/frontend',
        imageVariable: 'FRONTEND_IMAGE',
        tags: ['v1.1.0', 'sha-2c5b0e8'],
        tagsAfterHealth: ['latest'],
      }),
    ]);
  });

  it('sends a prerelease to the prerelease environment, whose own tag follows it', async () => {
    const run = await plan(['--config', file(), '--event', join(events, 'release-prereleased-v1.0.0-beta.1.json')]);
    const planned = json(run);
    expect(planned).toMatchObject({ environment: 'preview', version: 'v1.0.0-beta.1', prerelease: true });
    expect((planned.services as Array<{ tagsAfterHealth: string[] }>)[1]?.tagsAfterHealth).toEqual(['preview']);
  });

  it('names the file, line and column of a mistake and exits 1', async () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(broken, 'services:\n  api: { contxt: . }\nenvironments: {}\n');
    const run = await plan(['--config', broken, '--event', join(events, 'release-released-v1.1.0.json')]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`${broken}:2:10: services.api.contxt: unknown key; did you mean "context"?`);
  });
});
