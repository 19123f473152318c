import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Masker, runWorkflow, type WorkflowResult } from '@deploy-kit/local-runner';
import { environmentFor, parseConfig } from '@deploy-kit/model';
import { repoRoot } from './checks/files';
import { ensureBundle } from './support/bundles';

// The two-service starter through the reusable release.yml, in a repository with
// .github/deploy-kit.yml: the plan job decides the environment from the file's `on:` and
// checks every setting; the job that declares the environment checks its secrets first and
// names an empty one before anything is built or recorded.
const CONFIG = `services:
  api: { context: api-server }
  frontend: { context: frontend }
environments:
  staging:
    on: prerelease
    health: { api: 'http://127.0.0.1:8/api/health' }
    target: { kind: ssh-compose, hosts: [staging.example.com], user: deploy, project-dir: /opt/deploy-avatar }
  production:
    on: release
    health: { api: 'http://127.0.0.1:8/api/health' }
    target: { kind: ssh-compose, hosts: [prod.example.com], user: deploy, project-dir: /opt/deploy-avatar-prod }
`;

let workspace: string;
beforeAll(() => {
  ensureBundle('plan');
  ensureBundle('notify');
  workspace = mkdtempSync(join(tmpdir(), 'deploy-kit-services-starter-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github/deploy-kit.yml'), CONFIG);
}, 200_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

async function release(
  action: 'prereleased' | 'released',
  tag: string,
  secrets: Record<string, string>,
  config = CONFIG,
): Promise<{ run: WorkflowResult; log: string }> {
  writeFileSync(join(workspace, '.github/deploy-kit.yml'), config);
  const lines: string[] = [];
  const run = await runWorkflow({
    file: join(repoRoot, 'workflows-templates/deploy-services-on-release.yml'),
    event: {
      action,
      release: { tag_name: tag, prerelease: action === 'prereleased', draft: false },
      repository: { full_name: 'daidai/avatar' },
      sender: { login: 'octocat' },
    },
    eventName: 'release',
    secrets: { GITHUB_TOKEN: 'ghs_unused', ...secrets },
    env: { GITHUB_SHA: 'a'.repeat(40) },
    toolkitRoot: repoRoot,
    workspace,
    log: (line) => lines.push(line),
    masker: new Masker(),
  });
  return { run, log: lines.join('\n') };
}

const called = (run: WorkflowResult, job: string) => run.jobs[0]?.called?.jobs.find((j) => j.id === job);

describe('the two-service starter (deploy-services-on-release.yml)', () => {
  it('sends a prerelease to staging and names its empty SSH key before anything is built', async () => {
    const { run, log } = await release('prereleased', 'v1.0.0-beta.1', {
      DEPLOY_SSH_KNOWN_HOSTS: 'staging.example.com ssh-ed25519 AAAA',
    });
    expect(run.result).toBe('failure');
    expect(called(run, 'plan')?.outputs).toMatchObject({
      deploy: 'true',
      environment: 'staging',
      version: 'v1.0.0-beta.1',
    });
    const deploy = called(run, 'deploy');
    expect(deploy?.environment?.name).toBe('staging');
    expect(deploy?.steps.map((s) => [s.name, s.outcome]).slice(0, 3)).toEqual([
      ['Check out', 'skipped'],
      ["Check the environment's secrets", 'failure'],
      ['Build or promote the image(s)', 'skipped'],
    ]);
    expect(log).toContain(
      'Secret DEPLOY_SSH_KEY (the private key of deploy@staging.example.com) is empty for environment "staging": set it in Settings → Environments → staging → Environment secrets, and have the calling workflow pass it by the same name (DEPLOY_SSH_KEY: ${{ secrets.DEPLOY_SSH_KEY }}) or with secrets: inherit',
    );
    expect(called(run, 'notify')?.result).toBe('success');
  });

  it('sends a full release to production', async () => {
    const { run } = await release('released', 'v1.0.0', {});
    expect(called(run, 'plan')?.outputs).toMatchObject({ environment: 'production', version: 'v1.0.0' });
    expect(called(run, 'deploy')?.environment?.name).toBe('production');
  });

  it('stops in the plan job on a mistake in the file, naming its line and column', async () => {
    const { run, log } = await release(
      'released',
      'v1.0.0',
      {},
      CONFIG.replace('hosts: [prod.example.com]', 'host: prod.example.com'),
    );
    expect(run.result).toBe('failure');
    expect(called(run, 'plan')?.result).toBe('failure');
    expect(called(run, 'deploy')?.result).toBe('skipped');
    expect(log).toMatch(
      /\.github\/deploy-kit\.yml:\d+:\d+: environments\.production\.target\.host: unknown key; did you mean "hosts"\?/,
    );
  });
});

describe("the README's walk-through", () => {
  it('holds the example file, valid as written: two services, staging takes prereleases, production releases', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const start = readme.indexOf('1. **Write `.github/deploy-kit.yml`:**');
    const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
    const text = block.replace(/^ {3}/gm, '');
    const result = parseConfig(text, { file: '.github/deploy-kit.yml', repository: 'daidai/avatar' });
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.config.services.map((s) => [s.name, s.image, s.imageVariable])).toEqual([
      ['api', 'ghcr.io/daidai/avatar/api', 'API_IMAGE'],
      ['frontend', 'ghcr.io/daidai/avatar/frontend', 'FRONTEND_IMAGE'],
    ]);
    expect(environmentFor(result.config, 'prerelease')).toMatchObject({ environment: { name: 'staging' } });
    expect(environmentFor(result.config, 'release')).toMatchObject({ environment: { name: 'production' } });
  });
});
