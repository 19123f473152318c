// The example of the README and issue 9, loaded from a file as written, resolves to the model
// the engine will run: two services, staging and production on their own hosts and projects.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentFor, loadConfigFile, type DeployConfig } from '@deploy-kit/model';
import { ISSUE_9_EXAMPLE } from './issue-9-example';

let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'deploy-kit-model-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function loadExample(): Promise<DeployConfig> {
  const file = join(scratch, 'deploy-kit.yml');
  writeFileSync(file, ISSUE_9_EXAMPLE);
  const result = await loadConfigFile({ file, repository: 'Daidai/Avatar' });
  if (result.kind !== 'ok') throw new Error(`the example does not load: ${JSON.stringify(result)}`);
  return result.config;
}

describe('the example configuration', () => {
  it('has two services, named after themselves, with images of this repository', async () => {
    const config = await loadExample();
    expect(config.services.map((s) => [s.name, s.image, s.context, s.composeService, s.imageVariable])).toEqual([
      ['api', 'ghcr.io/daidai/avatar/api', 'api-server', 'api', 'API_IMAGE'],
      ['frontend', 'ghcr.io/daidai/avatar/frontend', 'frontend', 'frontend', 'FRONTEND_IMAGE'],
    ]);
    expect(config.services[0]?.health).toMatchObject({ json: ['status == "ok"'], expectVersion: true });
  });

  it('runs staging and production on their own hosts, projects and compose files, each with its health URLs', async () => {
    const config = await loadExample();
    const [staging, production] = config.environments;
    expect(staging).toMatchObject({
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
    });
    expect(production).toMatchObject({
      name: 'production',
      on: ['release'],
      url: 'https://daidai.example.com',
      health: { api: ['https://api.daidai.example.com/health'], frontend: ['https://daidai.example.com/'] },
      target: {
        kind: 'ssh-compose',
        hosts: ['prod.example.com'],
        user: 'deploy',
        projectDir: '/opt/deploy-avatar-prod',
        composeFile: 'docker-compose.prod.yml',
      },
      freeze: ['Fri 18:00 - Mon 08:00 Asia/Hong_Kong'],
      requireChecks: true,
    });
  });

  it('sends a prerelease to staging and a release to production', async () => {
    const config = await loadExample();
    expect(environmentFor(config, 'prerelease')).toMatchObject({ kind: 'chosen', environment: { name: 'staging' } });
    expect(environmentFor(config, 'release')).toMatchObject({ kind: 'chosen', environment: { name: 'production' } });
  });

  it('works the same with other environment names (preview / live)', async () => {
    const file = join(scratch, 'renamed.yml');
    writeFileSync(
      file,
      ISSUE_9_EXAMPLE.replace('  staging:\n', '  preview:\n').replace('  production:\n', '  live:\n'),
    );
    const result = await loadConfigFile({ file, repository: 'daidai/avatar' });
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(environmentFor(result.config, 'prerelease')).toMatchObject({ environment: { name: 'preview' } });
    expect(environmentFor(result.config, 'release')).toMatchObject({ environment: { name: 'live' } });
  });
});

describe('docs/configuration.md', () => {
  it('shows this example exactly as it loads here', () => {
    const docs = readFileSync(join(import.meta.dirname, '../../docs/configuration.md'), 'utf8');
    expect(docs).toContain(ISSUE_9_EXAMPLE);
  });
});

describe('loadConfigFile', () => {
  it('tells a missing file apart, so a repository without one keeps using the action inputs', async () => {
    const file = join(scratch, 'absent/deploy-kit.yml');
    expect(await loadConfigFile({ file, repository: 'acme/shop' })).toEqual({ kind: 'missing', file });
  });

  it('a path that cannot be read is one problem naming the file', async () => {
    const file = join(scratch, 'a-directory');
    mkdirSync(file);
    expect(await loadConfigFile({ file, repository: 'acme/shop' })).toEqual({
      kind: 'invalid',
      problems: [{ file, line: 1, column: 1, path: '', message: 'cannot read the file (EISDIR)' }],
    });
  });
});
