import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { pushMinimalImage } from './push-minimal-image';

const SHA_V1 = '1111111111111111111111111111111111111111';
const SHA_V2 = '2222222222222222222222222222222222222222';
const SHA_NOW = '3333333333333333333333333333333333333333';

/**
 * A rollback with a config file passes the environment's pre-deploy checks before anything is
 * recorded or deployed, as a deploy with the file does: a freeze window stops it, and
 * `require-checks` judges the commit it goes back to (not the run's). The version policy lets
 * it go back to an older release in production.
 */
describe('rollback with a config file runs the environment pre-deploy checks', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let work: string;
  let config: string;

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    api.seed.environment('production', { protectionRules: [{ type: 'required_reviewers' }] });
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-rollback-checks-'));
    config = writeConfig('deploy-kit.yml', '');
    for (const [version, sha] of [
      ['v1.0.0', SHA_V1],
      ['v1.1.0', SHA_V2],
    ] as const) {
      for (const service of ['api', 'frontend'])
        await pushMinimalImage(registry.host, `acme/shop/${service}`, version, `${service}-${version}`);
      expectSuccess(await run('deploy', { version }, sha));
    }
    // v1.0.0's commit has a red status now; the commit the rollback runs from is green.
    api.seed.commitStatus(SHA_V1, 'ci/test', 'failure');
    api.seed.commitStatus(SHA_NOW, 'ci/test', 'success');
  }, 240_000);
  afterAll(async () => {
    expect(api?.validationErrors).toEqual([]);
    await Promise.all([api?.stop(), registry?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The file, with `extra` lines added to the production environment. */
  function writeConfig(name: string, extra: string): string {
    const path = join(work, name);
    writeFileSync(
      path,
      [
        'services:',
        '  api:',
        `    image: ${registry.host}/acme/shop/api`,
        '  frontend:',
        `    image: ${registry.host}/acme/shop/frontend`,
        'environments:',
        '  production:',
        '    on: release',
        ...(extra ? [extra] : []),
        '    target:',
        '      kind: command',
        `      command: echo "$DEPLOY_VERSION" >> ${work}/deployed`,
        '',
      ].join('\n'),
    );
    return path;
  }
  function run(action: 'deploy' | 'rollback', inputs: Record<string, string>, sha = SHA_NOW) {
    return runBundledAction(action, {
      inputs: { config, environment: 'production', 'github-token': 'ghs_rollbackChecks0123456789', ...inputs },
      env: { GITHUB_API_URL: api.url, GITHUB_SHA: sha },
      timeoutMs: 90_000,
    });
  }
  const errors = (result: BundledActionRun) => result.log.split('\n').filter((line) => line.startsWith('::error::'));
  function expectSuccess(result: BundledActionRun): void {
    expect(errors(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
  }
  const deployed = () => (existsSync(join(work, 'deployed')) ? readFileSync(join(work, 'deployed'), 'utf8') : '');
  /** Runs a rollback that must be refused, and checks nothing was recorded or deployed. */
  async function refused(inputs: Record<string, string>): Promise<string> {
    const before = { deployments: api.state.deployments.length, deployed: deployed() };
    const result = await run('rollback', inputs);
    expect(result.exitCode).toBe(1);
    expect(errors(result)).toHaveLength(1);
    expect(api.state.deployments.length).toBe(before.deployments);
    expect(deployed()).toBe(before.deployed);
    return errors(result)[0] ?? '';
  }

  it('stops at a freeze window the file sets', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const frozen = writeConfig('frozen.yml', `    freeze: ['${day(-1)} 00:00 - ${day(2)} 00:00 UTC']`);
    expect(await refused({ config: frozen })).toMatch(
      /^::error::Pre-deploy checks failed for production .*nothing was deployed: freeze: inside freeze window /,
    );
  });

  it('with require-checks, judges the commit of the release it goes back to', async () => {
    const strict = writeConfig('strict.yml', '    require-checks: true');
    expect(await refused({ config: strict })).toContain(
      `commit checks: commit ${SHA_V1.slice(0, 7)}: ci/test is failure`,
    );
  });

  it('goes back to the older release once the checks pass (the version policy lets a rollback go back)', async () => {
    const result = await run('rollback', { reason: 'frontend broken' });
    expectSuccess(result);
    expect(result.outputs).toMatchObject({ version: 'v1.0.0', 'rolled-back-from': 'v1.1.0' });
    expect(result.log).toContain('Pre-deploy checks (from the config file)');
    expect(deployed().trim().split('\n')).toEqual(['v1.0.0', 'v1.1.0', 'v1.0.0']);
  });
});
