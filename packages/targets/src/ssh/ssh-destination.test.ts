import { describe, expect, it } from '@jest/globals';
import { InputError, parseInputs } from '@deploy-kit/action-kit';
import { targetFields, targetSecretInputs } from '../fields';
import { checkSshDestination, validSshDestination } from './ssh-destination';

const good = { host: 'web1.example.com', user: 'deploy', port: 22 };

describe('SSH destination check', () => {
  it.each(['web1.example.com', '127.0.0.1', '::1', 'fe80::1%eth0', 'build_box-2', 'a-b'])('accepts host %s', (host) => {
    expect(checkSshDestination({ ...good, host })).toEqual({ kind: 'valid', destination: { ...good, host } });
  });

  it.each(['deploy', 'ci-bot', 'svc.deploy', 'www_data', 'u1$'])('accepts user %s', (user) => {
    expect(checkSshDestination({ ...good, user }).kind).toBe('valid');
  });

  it.each([
    ['host', { ...good, host: '-oProxyCommand=touch /tmp/pwned' }, 'ssh-host', 'must not start with "-"'],
    ['host', { ...good, host: '-v' }, 'ssh-host', 'must not start with "-"'],
    ['host', { ...good, host: 'web1 -oProxyCommand=x' }, 'ssh-host', 'must not contain spaces or control characters'],
    ['host', { ...good, host: 'web1\n-oX' }, 'ssh-host', 'must not contain spaces or control characters'],
    ['host', { ...good, host: 'web1\u0000' }, 'ssh-host', 'must not contain spaces or control characters'],
    ['host', { ...good, host: 'root@web1' }, 'ssh-host', 'without a user@ or ssh:// part'],
    ['host', { ...good, host: 'ssh://web1:2222' }, 'ssh-host', 'without a user@ or ssh:// part'],
    ['host', { ...good, host: '' }, 'ssh-host', 'must not be empty'],
    ['user', { ...good, user: '-oProxyCommand=x' }, 'ssh-user', 'must not start with "-"'],
    ['user', { ...good, user: 'de ploy' }, 'ssh-user', 'must not contain spaces or control characters'],
    ['user', { ...good, user: 'deploy\t' }, 'ssh-user', 'must not contain spaces or control characters'],
    ['user', { ...good, user: 'deploy@web1' }, 'ssh-user', 'login name only'],
    ['port', { ...good, port: 0 }, 'ssh-port', 'from 1 to 65535'],
    ['port', { ...good, port: 70000 }, 'ssh-port', 'from 1 to 65535'],
    ['port', { ...good, port: 22.5 }, 'ssh-port', 'from 1 to 65535'],
  ])('refuses a bad %s (%j) naming the input', (part, destination, input, problem) => {
    const check = checkSshDestination(destination);
    expect(check).toMatchObject({ kind: 'invalid', part, input });
    expect(check.kind === 'invalid' && check.problem).toContain(problem);
    expect(() => validSshDestination(destination)).toThrow(InputError);
    expect(() => validSshDestination(destination)).toThrow(`Input "${input}" `);
  });

  it('names what the user wrote, escaped, in the one error line', () => {
    expect(() => validSshDestination({ ...good, host: 'web1\n::set-output name=x::y' })).toThrow(
      'Input "ssh-host" must not contain spaces or control characters, give a host name or IP address (got "web1\\n::set-output name=x::y")',
    );
  });
});

describe('the ssh-host and ssh-user inputs (every action reading targetFields)', () => {
  const raw = {
    target: 'ssh-compose',
    'ssh-host': 'web1.example.com',
    'ssh-user': 'deploy',
    'ssh-key': 'key',
    'ssh-known-hosts': 'web1.example.com ssh-ed25519 AAAA',
    'project-dir': '/srv/shop',
  };
  const parse = (overrides: Record<string, string>) =>
    parseInputs(targetFields, { ...raw, ...overrides }, targetSecretInputs);

  it('accepts a host name and a login name, trimmed', () => {
    const inputs = parse({ 'ssh-host': ' web1.example.com ', 'ssh-user': 'deploy' });
    expect([inputs['ssh-host'], inputs['ssh-user']]).toEqual(['web1.example.com', 'deploy']);
  });

  it.each([
    ['ssh-host', '-oProxyCommand=sh -c "touch /tmp/pwned"', 'Input "ssh-host" must not start with "-"'],
    ['ssh-host', 'web1 -p 2222', 'Input "ssh-host" must not contain spaces'],
    ['ssh-user', '-oProxyCommand=x', 'Input "ssh-user" must not start with "-"'],
  ])('refuses %s %j as an input error', (name, value, message) => {
    expect(() => parse({ [name]: value })).toThrow(InputError);
    expect(() => parse({ [name]: value })).toThrow(message);
  });
});
