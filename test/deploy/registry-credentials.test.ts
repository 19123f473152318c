import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { accessLog, logOffset } from '../support/registry-access-log';
import { leakedSecrets, runBundledAction, visibleOutput } from '../support/run-bundled-action';

/**
 * The job's github-token is a registry password for ghcr.io only. This
 * registry would accept it (its password IS the token), so any request that
 * carried it would be let in: a run that only ever gets 401s sent nothing.
 */
describe('deploy sends github-token to ghcr.io only', () => {
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  let registry: Registry;
  let api: FakeGitHub;

  beforeAll(async () => {
    [registry, api] = await Promise.all([
      startRegistry({ auth: { username: 'ci', password: token } }),
      startFakeGitHub(),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([registry?.stop(), api?.stop()]);
  }, 60_000);

  const deploy = (inputs: Record<string, string>) =>
    runBundledAction('deploy', {
      inputs: {
        environment: 'staging',
        image: `${registry.localhost}/acme/shop:v1.0.0`,
        target: 'command',
        command: 'true',
        'github-token': token,
        'registry-username': 'ci',
        ...inputs,
      },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 120_000,
    });

  it('talks to another registry anonymously when only github-token is set: refused, nothing recorded', async () => {
    const offset = logOffset(registry.logFile);
    const run = await deploy({});

    expect(run.exitCode).toBe(1);
    expect(run.log).toMatch(new RegExp(`::error::.*${registry.localhost}.*401`));
    const requests = accessLog(registry.logFile, offset);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.status !== 401)).toEqual([]);
    expect(api.state.deployments).toEqual([]);
    expect(leakedSecrets(visibleOutput(run), [token])).toEqual([]);
  });

  it('sends registry-password to that registry when it is given', async () => {
    const offset = logOffset(registry.logFile);
    const run = await deploy({ 'registry-password': token });

    // Let in this time: the tag simply does not exist.
    expect(run.exitCode).toBe(1);
    expect(run.log).toContain('was not found in the registry');
    expect(accessLog(registry.logFile, offset).filter((r) => r.status !== 401).length).toBeGreaterThan(0);
  });
});
