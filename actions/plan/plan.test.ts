import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { ISSUE_9_EXAMPLE } from '../../test/model/issue-9-example';
import { runBundledAction, visibleOutput, type BundledActionRun } from '../../test/support/run-bundled-action';

// The bundled plan action, run as the runner runs it: inputs as INPUT_*, the event in a file, the
// outputs and job summary read back. Nothing is contacted: the plan only reads the file and the event.
const root = resolve(import.meta.dirname, '../..');
const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key-but-secret-42\n-----END OPENSSH PRIVATE KEY-----';
const KNOWN_HOSTS = 'prod.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeHostKey';

function event(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'test/fixtures/events', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

// The issue's example itself, comments included: the plan must take it as written.
const TWO_SERVICES = ISSUE_9_EXAMPLE;

describe('the plan action (bundle)', () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-kit-plan-'));
    config = join(dir, 'deploy-kit.yml');
    writeFileSync(config, TWO_SERVICES);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (
    fixture: string,
    inputs: Record<string, string>,
    eventName = 'release',
    payload?: Record<string, unknown>,
  ): Promise<BundledActionRun> =>
    runBundledAction('plan', {
      eventName,
      event: payload ?? event(fixture),
      inputs,
      env: { GITHUB_SHA: SHA, GITHUB_REPOSITORY: 'daidai/avatar' },
    });
  const errors = (run: BundledActionRun) => run.log.split('\n').filter((line) => line.startsWith('::error::'));

  it('sends a prerelease to the environment whose on: takes it, with every service and its health URLs', async () => {
    const run = await plan('release-prereleased-v1.0.0-beta.1', {
      config,
      'ssh-key': KEY,
      'ssh-known-hosts': KNOWN_HOSTS,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      deploy: 'true',
      environment: 'staging',
      version: 'v1.0.0-beta.1',
      'health-urls': 'https://api.daidai-preview.example.com/health\nhttps://daidai-preview.example.com/',
      'environment-url': 'https://daidai-preview.example.com',
    });
    expect(JSON.parse(run.outputs.services ?? '')).toEqual([
      {
        service: 'api',
        image: 'ghcr.io/daidai/avatar/api',
        composeService: 'api',
        imageVariable: 'API_IMAGE',
        healthUrls: ['https://api.daidai-preview.example.com/health'],
      },
      {
        service: 'frontend',
        image: 'ghcr.io/daidai/avatar/frontend',
        composeService: 'frontend',
        imageVariable: 'FRONTEND_IMAGE',
        healthUrls: ['https://daidai-preview.example.com/'],
      },
    ]);
    expect(run.summary).toContain('| DEPLOY_SSH_KEY | the private key of deploy@staging.example.com | yes |');
    expect(visibleOutput(run)).not.toContain('not-a-real-key-but-secret-42');
  });

  it('names an empty environment secret, where to set it and how the caller must pass it, in one line', async () => {
    const run = await plan('release-released-v1.0.0', { config, 'ssh-key': '', 'ssh-known-hosts': KNOWN_HOSTS });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toEqual([
      '::error::Secret DEPLOY_SSH_KEY (the private key of deploy@prod.example.com) is empty for environment "production": set it in Settings → Environments → production → Environment secrets, and have the calling workflow pass it by the same name (DEPLOY_SSH_KEY: ${{ secrets.DEPLOY_SSH_KEY }}) or with secrets: inherit',
    ]);
    expect(run.outputs.deploy).toBeUndefined();
  });

  it('refuses a file with a mistake in one line naming FILE:LINE:COLUMN and the key', async () => {
    const broken = join(dir, 'broken.yml');
    writeFileSync(
      broken,
      TWO_SERVICES.replace('      project-dir: /opt/deploy-avatar-prod', '      project_dir: /opt/x'),
    );
    const run = await plan('release-released-v1.0.0', {
      config: broken,
      'ssh-key': KEY,
      'ssh-known-hosts': KNOWN_HOSTS,
    });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toHaveLength(1);
    // Every problem of the file at once, each with its place.
    expect(errors(run)[0]).toBe(
      `::error::${broken}:26:5: environments.production.target.project-dir: required: a directory on the host such as /opt/app (and 1 more: ${broken}:30:7: environments.production.target.project_dir: unknown key; did you mean "project-dir"?)`,
    );
  });

  it('deploys nothing for an edited release, without failing', async () => {
    const run = await plan('release-edited-v1.0.0', { config });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ deploy: 'false', environment: '' });
    expect(run.log).toMatch(
      /^::notice::Only prereleased, released and published releases are deployed: nothing to do$/m,
    );
  });

  it('takes a dispatch to a named environment of the file, and refuses one it does not have', async () => {
    const dispatch = { inputs: {} };
    const ok = await plan(
      '',
      { config, environment: 'Production', version: 'v1.2.0', 'ssh-key': KEY, 'ssh-known-hosts': KNOWN_HOSTS },
      'workflow_dispatch',
      dispatch,
    );
    expect(ok.exitCode).toBe(0);
    expect(ok.outputs).toMatchObject({ environment: 'production', version: 'v1.2.0' });
    const bad = await plan('', { config, environment: 'live', version: 'v1.2.0' }, 'workflow_dispatch', dispatch);
    expect(errors(bad)).toEqual([
      `::error::Input "environment" is "live", which is not an environment of ${config} (expected one of: staging, production)`,
    ]);
  });

  it('without the file: checks the target settings and secrets the inputs path needs, naming the input', async () => {
    const inputs = {
      config: join(dir, 'none.yml'),
      'staging-url': 'https://staging.example.com/health',
      'production-url': 'https://example.com/health',
      'ssh-user': 'deploy',
      'project-dir': '/srv/app',
      'ssh-key': KEY,
      'ssh-known-hosts': KNOWN_HOSTS,
    };
    const missingHost = await plan('release-released-v1.0.0', inputs);
    expect(errors(missingHost)).toEqual([
      '::error::Input "ssh-host" is empty: target ssh-compose needs the server to deploy to (the starter workflows set it from the repository variable DEPLOY_SSH_HOST)',
    ]);
    const missingKey = await plan('release-released-v1.0.0', { ...inputs, 'ssh-host': 'example.com', 'ssh-key': '' });
    expect(errors(missingKey)[0]).toMatch(
      /^::error::Secret "ssh-key" \(the private key of deploy@example\.com\) is empty for environment "production" \(the starter workflows set it from the secret DEPLOY_SSH_KEY\): set it in Settings/,
    );
    const ok = await plan('release-prereleased-v1.0.0-beta.1', { ...inputs, 'ssh-host': 'example.com' });
    expect(ok.exitCode).toBe(0);
    expect(ok.outputs).toMatchObject({
      deploy: 'true',
      environment: 'staging',
      version: 'v1.0.0-beta.1',
      'health-urls': 'https://staging.example.com/health',
      'environment-url': 'https://staging.example.com/health',
    });
    expect(JSON.parse(ok.outputs.services ?? '')).toEqual([
      { service: 'app', image: 'ghcr.io/daidai/avatar', healthUrls: ['https://staging.example.com/health'] },
    ]);
  });
});
