import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { toHealthCheckOptions } from '@deploy-kit/health';
import type { SshComposeTarget as SshComposeSettings, Strategy } from '@deploy-kit/model';
import { targetFromSettings } from '../target-from-settings';
import { memoryLog } from '../test-log';
import type { DeployRequest } from '../types';
import { expandHostUrls, resolvedCheck } from './host-health';

const settings: SshComposeSettings = {
  kind: 'ssh-compose',
  hosts: ['a.example.com', 'b.example.com', 'c.example.com'],
  user: 'deploy',
  port: 22,
  projectDir: '/opt/shop',
  composeCommand: 'docker compose',
  connectTimeoutMs: 20_000,
  deployTimeoutMs: 600_000,
  registryLogin: true,
  insecureSkipHostKey: false,
};
const secrets = { sshKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n', knownHosts: 'a.example.com ssh-ed25519 AAAA' };
const where = '.github/deploy-kit.yml: environments.production.target';
const rolling: Strategy = {
  kind: 'rolling',
  batch: { kind: 'percent', percent: 34 },
  perHost: 'recreate',
  drainTimeoutMs: 30_000,
  hooks: {},
};

describe('targetFromSettings over several ssh-compose hosts', () => {
  it('updates several hosts one after another under recreate (the default)', () => {
    const target = targetFromSettings(settings, secrets, { log: memoryLog(), where });
    expect(target.describe()).toBe(
      '3 hosts (recreate, one host after another): ssh-compose deploy@a.example.com:22 /opt/shop; ssh-compose deploy@b.example.com:22 /opt/shop; ssh-compose deploy@c.example.com:22 /opt/shop',
    );
  });

  it('rolls out in batches under rolling, even on one host', () => {
    const target = targetFromSettings(settings, secrets, { log: memoryLog(), where, strategy: rolling });
    expect(target.describe()).toMatch(/^3 hosts \(rolling, 34% of the hosts per batch\)/);
    const one = targetFromSettings({ ...settings, hosts: ['a.example.com'] }, secrets, {
      log: memoryLog(),
      where,
      strategy: rolling,
    });
    expect(one.describe()).toMatch(/^1 hosts \(rolling/);
  });

  it('keeps one host under recreate as that host’s own target', () => {
    const target = targetFromSettings({ ...settings, hosts: ['a.example.com'] }, secrets, { log: memoryLog(), where });
    expect(target.describe()).toBe('ssh-compose deploy@a.example.com:22 /opt/shop');
  });

  it('makes each host its own blue-green target behind its nginx under per-host: blue-green', () => {
    const strategy: Strategy = {
      ...rolling,
      perHost: 'blue-green',
      proxy: { kind: 'nginx', runs: 'host', upstream: 'api' },
    };
    const target = targetFromSettings(settings, secrets, { log: memoryLog(), where, strategy });
    expect(target.describe()).toBe(
      [
        '3 hosts (rolling, 34% of the hosts per batch): ssh-compose deploy@a.example.com:22 /opt/shop (blue-green via nginx upstream api)',
        'ssh-compose deploy@b.example.com:22 /opt/shop (blue-green via nginx upstream api)',
        'ssh-compose deploy@c.example.com:22 /opt/shop (blue-green via nginx upstream api)',
      ].join('; '),
    );
  });

  it('refuses a per-host proxy deploy-kit cannot drive, naming the setting', () => {
    const strategy: Strategy = {
      ...rolling,
      perHost: 'blue-green',
      proxy: { kind: 'haproxy', runs: 'host', upstream: 'api' },
    };
    expect(() => targetFromSettings(settings, secrets, { log: memoryLog(), where, strategy })).toThrow(UserError);
    expect(() => targetFromSettings(settings, secrets, { log: memoryLog(), where, strategy })).toThrow(
      '.github/deploy-kit.yml: environments.production.strategy.proxy.kind: haproxy cannot be driven by deploy-kit yet',
    );
  });
});

describe('expandHostUrls', () => {
  it('makes a URL with {host} one per host and keeps the others', () => {
    expect(expandHostUrls(['http://{host}:8080/health', 'https://lb.example.com/health'], ['a', 'b'])).toEqual([
      'http://a:8080/health',
      'http://b:8080/health',
      'https://lb.example.com/health',
    ]);
  });
});

describe('resolvedCheck', () => {
  const options = toHealthCheckOptions(['http://{host}:8080/health'], {
    method: 'GET',
    headers: undefined,
    body: undefined,
    'expected-status': '200',
    json: undefined,
    'body-contains': undefined,
    'body-regex': undefined,
    'expect-version': 'v2',
    'json-version-path': 'version',
    timeout: 5_000,
    interval: 500,
    backoff: 'constant',
    'max-interval': 2_000,
    'max-attempts': undefined,
    deadline: 20_000,
    'consecutive-successes': 1,
    'failure-threshold': 3,
    'max-latency': undefined,
    'follow-redirects': true,
    'insecure-tls': false,
    'fail-on-unhealthy': true,
    'redact-query-params': '',
  });
  // expect-version: true as the config file gives it: the release's version, and the service.
  const check = { ...options, expectBuiltVersionOf: 'api' };
  const request: DeployRequest = { version: 'v2', environment: 'production', services: [] };

  it('expects the version the engine resolved for the service (the image built as v2-rc.1), not the release', () => {
    const options = resolvedCheck(check, { ...request, expectVersions: { api: 'v2-rc.1' } });
    expect(options.expectVersion).toBe('v2-rc.1');
    expect(options).not.toHaveProperty('expectBuiltVersionOf');
  });

  it('keeps the version it was given when the engine resolved none', () => {
    expect(resolvedCheck(check, request).expectVersion).toBe('v2');
    const { expectBuiltVersionOf: _service, ...plain } = check;
    expect(resolvedCheck(plain, { ...request, expectVersions: { api: 'v2-rc.1' } }).expectVersion).toBe('v2');
  });
});
