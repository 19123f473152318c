import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { pushMinimalImage } from '../rollback/push-minimal-image';
import { runBundledAction, type BundledActionRun } from '../support/run-bundled-action';

const TOKEN = 'ghs_movingTagsToken0123456789';

/**
 * `latest` and `staging` name no release: pre-deploy-check looks behind them
 * (the semantic-version tag at the same digest) and refuses what the policy
 * or the ledger rejects, unless forced.
 */
describe('pre-deploy-check with moving tags', () => {
  let registry: Registry;
  let api: FakeGitHub;
  const digests: Record<string, string> = {};
  const image = (tag: string) => `${registry.host}/acme/shop:${tag}`;

  beforeAll(async () => {
    registry = await startRegistry();
    // Same marker, same bytes, same digest: staging is v1.1.0-beta.1, latest is v1.1.0, nightly has no version.
    for (const [tag, marker] of [
      ['v1.0.0', 'one'],
      ['v1.1.0-beta.1', 'beta'],
      ['staging', 'beta'],
      ['v1.1.0', 'one-one'],
      ['latest', 'one-one'],
      ['nightly', 'nightly'],
    ] as const)
      digests[tag] = await pushMinimalImage(registry.host, 'acme/shop', tag, marker);
    expect(digests.staging).toBe(digests['v1.1.0-beta.1']);
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
  });

  beforeEach(async () => {
    api = await startFakeGitHub();
    api.seed.environment('production', { protectionRules: [{ type: 'required_reviewers' }] });
    api.seed.environment('staging');
    api.seed.deployment({
      environment: 'production',
      payload: { image: image('v1.0.0'), digest: digests['v1.0.0'], version: 'v1.0.0' },
      states: ['in_progress', 'success'],
    });
  });
  afterEach(async () => {
    expect(api.validationErrors).toEqual([]);
    expect(api.writes()).toEqual([]);
    await api.stop();
  });

  const check = (inputs: Record<string, string>) =>
    runBundledAction('pre-deploy-check', {
      inputs: { 'github-token': TOKEN, environment: 'production', ...inputs },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
  const failures = (run: BundledActionRun) =>
    JSON.parse(run.outputs.failures ?? 'null') as { check: string; reason: string }[];

  it('refuses `staging` for production when it is a prerelease, and lets force through', async () => {
    const refused = await check({ image: image('staging') });
    expect(refused.exitCode).toBe(1);
    expect(failures(refused)).toEqual([
      {
        check: 'version policy',
        reason: 'v1.1.0-beta.1 is a prerelease (set force: true to deploy it anyway) (staging is v1.1.0-beta.1)',
      },
    ]);
    expect(refused.summary).toContain('Version v1.1.0-beta.1');

    const forced = await check({ image: image('staging'), force: 'true' });
    expect(forced.exitCode).toBe(0);

    const toStaging = await check({ environment: 'staging', image: image('staging') });
    expect(toStaging.exitCode).toBe(0);
  });

  it('refuses an image whose version cannot be determined for production, unless forced', async () => {
    const refused = await check({ image: image('nightly') });
    expect(refused.exitCode).toBe(1);
    expect(failures(refused)).toEqual([
      {
        check: 'version policy',
        reason: expect.stringMatching(
          /^nightly is not a semantic version and no semantic-version tag points at its digest: .*force: true/,
        ),
      },
    ]);
    expect((await check({ image: image('nightly'), force: 'true' })).exitCode).toBe(0);
  });

  it('refuses `latest` while it points at a release that failed on the environment and was rolled back', async () => {
    const failed = api.seed.deployment({
      environment: 'production',
      payload: { image: image('v1.1.0'), digest: digests['v1.1.0'], version: 'v1.1.0' },
      states: ['in_progress', 'success', 'failure'],
    });
    api.seed.deployment({
      environment: 'production',
      task: 'rollback',
      payload: {
        image: image('v1.0.0'),
        digest: digests['v1.0.0'],
        version: 'v1.0.0',
        rolledBackFrom: { version: 'v1.1.0', digest: digests['v1.1.0'], deploymentId: failed.id },
      },
      states: ['in_progress', 'success'],
    });

    const refused = await check({ image: image('latest') });
    expect(refused.exitCode).toBe(1);
    expect(failures(refused)).toEqual([
      {
        check: 'not a failed image',
        reason: expect.stringMatching(
          new RegExp(
            `^v1\\.1\\.0 \\(${digests['v1.1.0']}\\) failed on production at \\S+ \\(deployment #${failed.id}\\) and was rolled back; use force: true to deploy it anyway$`,
          ),
        ),
      },
    ]);
    const forced = await check({ image: image('latest'), force: 'true' });
    expect(forced.exitCode).toBe(0);
    expect(forced.summary).toContain('allowed by force');

    // On another environment it never failed.
    expect((await check({ environment: 'staging', image: image('latest') })).exitCode).toBe(0);
  });
});
