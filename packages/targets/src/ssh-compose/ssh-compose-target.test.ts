import { describe, expect, it } from '@jest/globals';
import { memoryLog } from '../test-log';
import { SshComposeTarget } from './ssh-compose-target';

// Port 9 on loopback: nothing listens, so reaching ssh at all would fail differently.
const target = () =>
  new SshComposeTarget({
    connection: {
      host: '127.0.0.1',
      port: 9,
      user: 'deploy',
      privateKey: 'k',
      knownHosts: 'x',
      skipHostKeyCheck: false,
      connectTimeoutMs: 1000,
    },
    project: { projectDir: '/srv/app', composeCommand: 'docker compose' },
    commandTimeoutMs: 1000,
  });

describe('SshComposeTarget', () => {
  it('refuses an image variable that is not a variable name before connecting', async () => {
    const slot = { service: 'api', composeService: 'api', imageVariable: 'X=1; rm -rf /; Y' };
    await expect(target().current([slot], memoryLog())).rejects.toThrow(
      'ssh-compose: the image variable of service api is not a variable name',
    );
    await expect(target().current([], memoryLog())).rejects.toThrow('ssh-compose: no services given');
  });
});
