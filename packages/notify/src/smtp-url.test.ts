import { describe, expect, it } from '@jest/globals';
import { isLoopbackHost } from './smtp-url';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.1.2.3', '::1'])('%s is this machine', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  // Only the name counts: these may resolve anywhere, or are not loopback at all.
  it.each(['smtp.example.com', 'localhost.example.com', '127.0.0.1.nip.io', '10.0.0.1', '::ffff:127.0.0.1', '0.0.0.0'])(
    '%s is not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});
