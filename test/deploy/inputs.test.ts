import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { leakedSecrets, runBundledAction } from '../support/run-bundled-action';
import { visibleOutput } from './real-host';

/**
 * Bad inputs fail the step with one clear line naming the input, before any
 * side effect: no deployment record, no connection to the host.
 */
describe('deploy and rollback refuse bad inputs before doing anything', () => {
  let api: FakeGitHub;
  let registry: Registry;

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), registry?.stop()]);
  });

  const valid = () => ({
    environment: 'production',
    image: `${registry.localhost}/acme/shop:v1.0.0`,
    target: 'ssh-compose',
    // A host nothing listens on: any attempt to connect would fail differently.
    'ssh-host': '127.0.0.1',
    'ssh-port': '9',
    'ssh-user': 'deploy',
    'ssh-key':
      '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key-but-secret-enough\n-----END OPENSSH PRIVATE KEY-----',
    'ssh-known-hosts': '[127.0.0.1]:9 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    'project-dir': '/srv/shop',
    'github-token': 'ghs_inputsTestToken0123456789',
  });

  it.each<[string, 'deploy' | 'rollback', Record<string, string>, string]>([
    ['no environment', 'deploy', { environment: '' }, 'Input "environment" is required'],
    ['no image', 'deploy', { image: '' }, 'Input "image" is required'],
    [
      'an upper-case image',
      'deploy',
      { image: 'ghcr.io/Acme/Shop:v1' },
      'Input "image" is not a valid image reference',
    ],
    [
      'a digest without a version',
      'deploy',
      { image: `ghcr.io/acme/shop@sha256:${'c'.repeat(64)}` },
      'Input "version" is required when "image" names no tag',
    ],
    ['no target', 'deploy', { target: '' }, 'Input "target" is required (one of: ssh-compose, command, kubernetes)'],
    [
      'an unknown target',
      'rollback',
      { target: 'ftp' },
      'Input "target" must be one of: ssh-compose, command, kubernetes (got "ftp")',
    ],
    [
      'no known hosts',
      'deploy',
      { 'ssh-known-hosts': '' },
      'Input "ssh-known-hosts" is required when target is ssh-compose',
    ],
    ['no project dir', 'rollback', { 'project-dir': '' }, 'Input "project-dir" is required when target is ssh-compose'],
    [
      'a bad port',
      'deploy',
      { 'ssh-port': 'ssh' },
      'Input "ssh-port" must be a whole number from 1 to 65535 (got "ssh")',
    ],
    [
      'a bad json assertion',
      'deploy',
      { 'health-url': 'http://127.0.0.1:8/health', json: 'status = ok' },
      'Input "json" line 1',
    ],
    ['a bad health URL', 'rollback', { 'health-url': 'not a url' }, 'Input "health-url" line 1'],
    ['a bad timeout', 'deploy', { 'deploy-timeout': 'forever' }, 'Input "deploy-timeout" must be a duration'],
    [
      'a bad boolean',
      'deploy',
      { 'ssh-insecure-skip-host-key': 'yes' },
      'Input "ssh-insecure-skip-host-key" must be true or false',
    ],
    [
      'a non-http environment URL',
      'deploy',
      { 'environment-url': 'ftp://x' },
      'Input "environment-url" must be an http(s) URL',
    ],
    ['no github token', 'rollback', { 'github-token': '' }, 'Input "github-token" is required'],
    [
      'a line break in the environment',
      'deploy',
      { environment: 'production\n::error::injected' },
      'Input "environment" must be a single line (it contains a line break) (got "production\\n::error::injected")',
    ],
    ['an interval over its maximum', 'deploy', { interval: '999999999h' }, 'Input "interval" must be at most 24h'],
    ['a timeout over its maximum', 'rollback', { timeout: '999999999999h' }, 'Input "timeout" must be at most 24h'],
    ['a method that is not HTTP', 'deploy', { method: 'FETCH' }, 'Input "method" must be an HTTP method: one of GET,'],
    // Without health-url too: the ledger is not read before a bad header is refused.
    ['a header without a colon', 'rollback', { headers: 'NoColon' }, 'Input "headers" line 1: expected "Name: value"'],
  ])('%s (%s)', async (_case, action, change, message) => {
    const result = await runBundledAction(action, {
      inputs: { ...valid(), ...change },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain(`::error::${message}`);
    expect(result.log.split('\n').filter((line) => line.startsWith('::error::'))).toHaveLength(1);
    // The job summary says it was refused, and why, as the summary of every other outcome does.
    expect(result.summary).toMatch(/^## (Deploy|Rollback)\b.* refused$/m);
    expect(result.summary).toContain(message);
    expect(result.summary).toContain('Nothing was checked, deployed, recorded or sent');
    expect(leakedSecrets(visibleOutput(result), [valid()['ssh-key'], valid()['github-token']])).toEqual([]);
    expect(api.requests).toEqual([]);
  });

  it('refuses an image the registry does not have, before contacting the host or recording anything', async () => {
    // The SSH host is a closed port: contacting it first would fail with "connection refused" instead.
    const result = await runBundledAction('deploy', {
      inputs: valid(),
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain(`::error::Image ${registry.localhost}/acme/shop:v1.0.0 was not found in the registry`);
    expect(api.writes()).toEqual([]);
  });

  it('refuses to roll back when nothing was ever deployed, or to a version never deployed successfully', async () => {
    const command = { target: 'command', command: 'echo should-not-run' };
    const nothing = await runBundledAction('rollback', {
      inputs: { ...valid(), ...command, environment: 'staging' },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
    expect(nothing.exitCode).toBe(1);
    expect(nothing.log).toContain('::error::Nothing to roll back to: no deployments of "staging" are recorded');

    api.seed.deployment({
      environment: 'staging',
      payload: { image: 'x/y:v1', digest: `sha256:${'d'.repeat(64)}`, version: 'v1' },
      states: ['in_progress', 'failure'],
    });
    const unknown = await runBundledAction('rollback', {
      inputs: { ...valid(), ...command, environment: 'staging', to: 'v0.9.0' },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.log).toContain(
      '::error::Cannot roll back "staging" to "v0.9.0": no successful deployment with that version or digest is recorded',
    );

    const onlyFailed = await runBundledAction('rollback', {
      inputs: { ...valid(), ...command, environment: 'staging' },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
    expect(onlyFailed.exitCode).toBe(1);
    expect(onlyFailed.log).toMatch(
      /::error::Nothing to roll back to: "staging" has no successful deployment of another image before #\d+ \(v1\)/,
    );
    for (const run of [nothing, unknown, onlyFailed]) expect(run.log).not.toContain('should-not-run');
    expect(api.writes()).toEqual([]);
    expect(api.validationErrors).toEqual([]);
  });
});
