import { describe, it, expect } from '@jest/globals';
import { looksLikeSecretKey, maskSecrets } from './secrets';

describe('looksLikeSecretKey', () => {
  it.each(['ssh-key', 'known-hosts', 'token', 'NPM_TOKEN', 'slack-webhook-url', 'smtp-url', 'db.password', 'api-key'])(
    '%s looks like a secret',
    (key) => expect(looksLikeSecretKey(key)).toBe(true),
  );

  it.each(['hosts', 'keyboard', 'monkey', 'tokens-per-minute', 'url', 'insecureSkipHostKey'])('%s does not', (key) =>
    expect(looksLikeSecretKey(key)).toBe(false),
  );
});

describe('maskSecrets', () => {
  it('hides values under secret-looking keys, URL passwords and private keys, and keeps the rest', () => {
    const masked = maskSecrets({
      buildArgs: { NPM_TOKEN: 'npm_abc', VERSION: '1' },
      url: 'https://deploy:hunter2@example.com/health',
      list: ['-----BEGIN RSA PRIVATE KEY-----\nabc', 'plain'],
      port: 22,
      empty: { token: '' },
    });
    expect(masked).toEqual({
      buildArgs: { NPM_TOKEN: '***', VERSION: '1' },
      url: 'https://deploy:***@example.com/health',
      list: ['***', 'plain'],
      port: 22,
      empty: { token: '' },
    });
    expect(JSON.stringify(masked)).not.toMatch(/npm_abc|hunter2|BEGIN/);
  });
});
