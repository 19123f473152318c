import { describe, expect, it } from '@jest/globals';
import { InputError } from '@deploy-kit/action-kit';
import { commandArguments, masterArguments, type SshConnection } from './ssh-options';

const connection: SshConnection = {
  host: 'web1.example.com',
  port: 2222,
  user: 'deploy',
  privateKey: 'key',
  knownHosts: '[web1.example.com]:2222 ssh-ed25519 AAAA',
  skipHostKeyCheck: false,
  connectTimeoutMs: 20_000,
};
const files = { keyFile: '/tmp/k/key', knownHostsFile: '/tmp/k/known_hosts', controlPath: '/tmp/k/control' };

/** The value of each `-o Name=value` option. */
function options(args: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  args.forEach((arg, index) => {
    if (arg === '-o') {
      const [name, ...value] = (args[index + 1] ?? '').split('=');
      found[name!] = value.join('=');
    }
  });
  return found;
}

describe('ssh argument lists', () => {
  it('ends every command with -- HOST COMMAND, nothing user-given before --', () => {
    const args = commandArguments(connection, files, 'docker compose up -d');
    expect(args.slice(-3)).toEqual(['--', 'web1.example.com', 'docker compose up -d']);
    expect(args.indexOf('--')).toBe(args.length - 3);
    expect(args.slice(0, -3)).not.toContain('web1.example.com');
    expect(args.slice(args.indexOf('-p'), args.indexOf('-p') + 4)).toEqual(['-p', '2222', '-l', 'deploy']);
  });

  it('starts the master with -M -N and the host after --', () => {
    const args = masterArguments(connection, files);
    expect(args.slice(-2)).toEqual(['--', 'web1.example.com']);
    expect(args).toEqual(expect.arrayContaining(['-M', '-N']));
    expect(options(args)).toMatchObject({ ControlMaster: 'yes', ControlPersist: 'no', ControlPath: '/tmp/k/control' });
  });

  it('runs commands over the master socket, never becoming a master, host key still checked', () => {
    const opts = options(commandArguments(connection, files, 'true'));
    expect(opts).toMatchObject({
      ControlMaster: 'no',
      ControlPath: '/tmp/k/control',
      StrictHostKeyChecking: 'yes',
      UserKnownHostsFile: '/tmp/k/known_hosts',
      GlobalKnownHostsFile: '/dev/null',
      BatchMode: 'yes',
      IdentitiesOnly: 'yes',
      IdentityFile: '/tmp/k/key',
    });
    expect(options(masterArguments(connection, files))).toMatchObject({ StrictHostKeyChecking: 'yes' });
  });

  it('doubles % in file paths (ssh expands %-tokens there)', () => {
    const opts = options(commandArguments(connection, { ...files, controlPath: '/tmp/100%/control' }, 'true'));
    expect(opts.ControlPath).toBe('/tmp/100%%/control');
  });

  it.each([
    ['host', { ...connection, host: '-oProxyCommand=touch /tmp/pwned' }, 'ssh-host'],
    ['user', { ...connection, user: '-oProxyCommand=touch /tmp/pwned' }, 'ssh-user'],
    ['port', { ...connection, port: -22 }, 'ssh-port'],
  ])('refuses to build any argument list for a bad %s', (_part, bad, input) => {
    expect(() => commandArguments(bad, files, 'true')).toThrow(InputError);
    expect(() => masterArguments(bad, files)).toThrow(`Input "${input}"`);
  });
});
