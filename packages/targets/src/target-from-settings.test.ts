import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import type { SshComposeTarget as SshComposeSettings } from '@deploy-kit/model';
import { targetFromSettings } from './target-from-settings';
import { memoryLog } from './test-log';

const settings: SshComposeSettings = {
  kind: 'ssh-compose',
  hosts: ['prod.example.com'],
  user: 'deploy',
  port: 22,
  projectDir: '/opt/deploy-avatar-prod',
  composeFile: 'docker-compose.prod.yml',
  composeCommand: 'docker compose',
  connectTimeoutMs: 20_000,
  deployTimeoutMs: 600_000,
  registryLogin: true,
  insecureSkipHostKey: false,
};
const secrets = { sshKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n', knownHosts: 'prod.example.com ssh-ed25519 AAAA' };
const where = 'environments.production.target';

describe('targetFromSettings', () => {
  it("builds the config file's ssh-compose target, described without secrets", () => {
    const log = memoryLog();
    const target = targetFromSettings(settings, secrets, { log, where });
    expect(target.kind).toBe('ssh-compose');
    expect(target.describe()).toBe('ssh-compose deploy@prod.example.com:22 /opt/deploy-avatar-prod');
    expect(log.warnings).toEqual([]);
  });

  it.each([
    [settings, { ...secrets, sshKey: ' ' }, `${where}: the secret DEPLOY_SSH_KEY is empty`],
    [settings, { sshKey: secrets.sshKey }, `${where}: the secret DEPLOY_SSH_KNOWN_HOSTS is empty`],
  ])('refuses what it cannot connect with, naming it (%#)', (target, given, message) => {
    expect(() => targetFromSettings(target, given, { log: memoryLog(), where })).toThrow(UserError);
    expect(() => targetFromSettings(target, given, { log: memoryLog(), where })).toThrow(message);
  });

  it('connects without known hosts only with insecure-skip-host-key, and warns', () => {
    const log = memoryLog();
    const target = targetFromSettings(
      { ...settings, insecureSkipHostKey: true },
      { sshKey: secrets.sshKey },
      {
        log,
        where,
      },
    );
    expect(target.kind).toBe('ssh-compose');
    expect(log.warnings).toEqual([expect.stringContaining('is NOT verified')]);
  });

  it('builds a command target', () => {
    const target = targetFromSettings(
      { kind: 'command', command: './deploy.sh', deployTimeoutMs: 1000 },
      {},
      {
        log: memoryLog(),
        where,
      },
    );
    expect(target.kind).toBe('command');
  });
});
