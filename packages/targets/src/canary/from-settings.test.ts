import { describe, expect, it } from '@jest/globals';
import type { SshComposeTarget as SshComposeSettings } from '@deploy-kit/model';
import type { BlueGreenStrategy, CanaryStrategy } from '@deploy-kit/rollout';
import { targetFromSettings } from '../target-from-settings';
import { memoryLog } from '../test-log';
import { healthPath } from './from-settings';

const settings: SshComposeSettings = {
  kind: 'ssh-compose',
  hosts: ['prod.example.com'],
  user: 'deploy',
  port: 22,
  projectDir: '/opt/shop',
  composeCommand: 'docker compose',
  connectTimeoutMs: 20_000,
  deployTimeoutMs: 600_000,
  registryLogin: true,
  insecureSkipHostKey: false,
};
const secrets = { sshKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n', knownHosts: 'prod.example.com ssh-ed25519 AAAA' };
const where = 'environments.production.target';
const blueGreen: BlueGreenStrategy = {
  kind: 'blue-green',
  proxy: { kind: 'nginx', runs: 'compose', upstream: 'api' },
  drainTimeoutMs: 30_000,
  keepMs: 3_600_000,
};
const canary: CanaryStrategy = {
  kind: 'canary',
  proxy: { kind: 'nginx', runs: 'host', upstream: 'api' },
  steps: [10, 50, 100],
  pauseMs: 60_000,
  failureLimit: 0,
  onInconclusive: 'fail',
  drainTimeoutMs: 30_000,
  analysis: { metrics: [], health: true, count: 1, intervalMs: 30_000 },
};

describe('blue-green and canary from the config file', () => {
  it('builds them on one ssh-compose host behind nginx', () => {
    const log = memoryLog();
    expect(targetFromSettings(settings, secrets, { log, where, strategy: blueGreen }).describe()).toBe(
      'ssh-compose deploy@prod.example.com:22 /opt/shop (blue-green via nginx upstream api)',
    );
    expect(targetFromSettings(settings, secrets, { log, where, strategy: canary }).describe()).toBe(
      'ssh-compose deploy@prod.example.com:22 /opt/shop (canary via nginx upstream api)',
    );
  });

  it('refuses several hosts and a proxy it cannot drive, naming the setting', () => {
    const log = memoryLog();
    expect(() =>
      targetFromSettings({ ...settings, hosts: ['a', 'b'] }, secrets, { log, where, strategy: blueGreen }),
    ).toThrow(`${where}.hosts: blue-green runs on exactly one host (got 2); for several hosts use kind: rolling`);
    const haproxy: CanaryStrategy = { ...canary, proxy: { kind: 'haproxy', runs: 'host', upstream: 'api' } };
    expect(() => targetFromSettings(settings, secrets, { log, where, strategy: haproxy })).toThrow(
      'environments.production.strategy.proxy.kind: haproxy cannot be driven by deploy-kit yet; expected nginx',
    );
  });

  it('checks each release on the path of the first health URL', () => {
    const check = (url: string) => [{ urls: [url] }];
    expect(healthPath(check('https://api.example.com/api/health?full=1'))).toBe('/api/health?full=1');
    expect(healthPath(check('https://{host}:8443/healthz'))).toBe('/healthz');
    expect(healthPath(check('https://api.example.com'))).toBe('/');
    expect(healthPath(undefined)).toBe('/');
  });
});
