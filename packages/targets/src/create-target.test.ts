import { describe, expect, it } from '@jest/globals';
import { InputError, parseInputs } from '@deploy-kit/action-kit';
import { createTarget } from './create-target';
import { targetFields, targetSecretInputs } from './fields';
import { memoryLog } from './test-log';

const ssh = {
  target: 'ssh-compose',
  'ssh-host': 'web1.example.com',
  'ssh-user': 'deploy',
  'ssh-key': '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----',
  'ssh-known-hosts': 'web1.example.com ssh-ed25519 AAAA',
  'project-dir': '/srv/shop',
};

function build(raw: Record<string, string>) {
  const log = memoryLog();
  const target = createTarget(parseInputs(targetFields, raw, targetSecretInputs), { log });
  return { target, log };
}

describe('createTarget', () => {
  it('builds an ssh-compose target and describes it without secrets', () => {
    const { target, log } = build(ssh);
    expect(target.kind).toBe('ssh-compose');
    expect(target.describe()).toBe('ssh-compose deploy@web1.example.com:22 /srv/shop');
    expect(log.warnings).toEqual([]);
  });

  it.each([
    ['target', { ...ssh, target: '' }, 'Input "target" is required (one of: ssh-compose, command, kubernetes)'],
    [
      'target',
      { ...ssh, target: 'nomad' },
      'Input "target" must be one of: ssh-compose, command, kubernetes (got "nomad")',
    ],
    ['ssh-host', { ...ssh, 'ssh-host': '' }, 'Input "ssh-host" is required when target is ssh-compose'],
    ['ssh-key', { ...ssh, 'ssh-key': ' ' }, 'Input "ssh-key" is required when target is ssh-compose'],
    ['project-dir', { ...ssh, 'project-dir': '' }, 'Input "project-dir" is required when target is ssh-compose'],
    [
      'ssh-known-hosts',
      { ...ssh, 'ssh-known-hosts': '' },
      'Input "ssh-known-hosts" is required when target is ssh-compose',
    ],
    [
      'ssh-port',
      { ...ssh, 'ssh-port': '70000' },
      'Input "ssh-port" must be a whole number from 1 to 65535 (got "70000")',
    ],
    [
      'image-variable',
      { ...ssh, 'image-variable': 'MY-IMAGE' },
      'Input "image-variable" must be a variable name such as IMAGE (got "MY-IMAGE")',
    ],
    ['command', { target: 'command' }, 'Input "command" is required when target is command'],
    ...(['project-dir', 'compose-file', 'compose-command'] as const).map(
      (name) => [name, { ...ssh, [name]: '-oProxyCommand=x' }, `Input "${name}" must not start with "-"`] as const,
    ),
    ['services', { ...ssh, services: 'web --project-name=other' }, 'Input "services" must not start with "-"'],
  ])('refuses a bad %s before anything runs', (_name, raw, message) => {
    expect(() => build(raw)).toThrow(InputError);
    expect(() => build(raw)).toThrow(message);
  });

  it('accepts ssh-insecure-skip-host-key without known hosts, with a loud warning', () => {
    const { target, log } = build({ ...ssh, 'ssh-known-hosts': '', 'ssh-insecure-skip-host-key': 'true' });
    expect(target.kind).toBe('ssh-compose');
    expect(log.warnings).toEqual([expect.stringContaining('is NOT verified')]);
  });

  it('builds a command target', () => {
    expect(build({ target: 'command', command: './deploy.sh' }).target.kind).toBe('command');
  });
});
