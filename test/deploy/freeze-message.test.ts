import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { pushMinimalImage } from '../rollback/push-minimal-image';
import { runBundledAction } from '../support/run-bundled-action';

/**
 * Deploy with a config file has no `force` input: a freeze window's refusal
 * names what the user can do there (wait, or change the file's freeze
 * windows), not an input that does not exist.
 */
describe('a freeze window on the config path', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let work: string;
  let config: string;

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    api.seed.environment('live');
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-freeze-message-'));
    await pushMinimalImage(registry.host, 'acme/shop/api', 'v1.0.0', 'api-v1.0.0');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    config = join(work, 'deploy-kit.yml');
    writeFileSync(
      config,
      [
        'services:',
        '  api:',
        `    image: ${registry.host}/acme/shop/api`,
        'environments:',
        '  live:',
        '    on: release',
        `    freeze: ['${day(-1)} 00:00 - ${day(2)} 00:00 UTC']`,
        '    target: { kind: command, command: "true" }',
        '',
      ].join('\n'),
    );
  }, 120_000);
  afterAll(async () => {
    expect(api?.validationErrors).toEqual([]);
    await Promise.all([api?.stop(), registry?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('names the file setting to change, not a force input deploy does not have', async () => {
    const result = await runBundledAction('deploy', {
      inputs: { 'github-token': 'ghs_freezeMessageToken0123456789', config, environment: 'live', version: 'v1.0.0' },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 90_000,
    });
    expect(result.exitCode).toBe(1);
    const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`(deploy after it ends, or change environments.live.freeze in ${config})`);
    expect(errors[0]).not.toContain('force');
    expect(api.state.deployments).toHaveLength(0);
  });
});
