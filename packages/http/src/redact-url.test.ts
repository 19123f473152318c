import { describe, expect, it } from '@jest/globals';
import { isSecretQueryName, redactUrl, redactUrlsInText, urlSecretValues } from './redact-url';

describe('redactUrl', () => {
  it.each([
    ['https://app/health?token=abc123', 'https://app/health?token=***'],
    ['https://app/health?access_token=abc&page=2', 'https://app/health?access_token=***&page=2'],
    [
      'https://app/h?api_key=k&apiKey=k2&X-Amz-Signature=s&sig=x',
      'https://app/h?api_key=***&apiKey=***&X-Amz-Signature=***&sig=***',
    ],
    [
      'https://app/h?client_secret=s&password=p&auth=a&code=c',
      'https://app/h?client_secret=***&password=***&auth=***&code=***',
    ],
    ['https://deploy:hunter2@app/h?ok=1', 'https://deploy:***@app/h?ok=1'],
    ['https://deploy@app/h', 'https://deploy@app/h'],
    ['https://app/h#access_token=abc&state=1', 'https://app/h#access_token=***&state=1'],
    ['/login?next=%2F&Token=abc', '/login?next=%2F&Token=***'],
    ['https://app/h?token=&flag', 'https://app/h?token=&flag'],
    ['https://app/health', 'https://app/health'],
  ])('%s -> %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('masks the extra names it is given, whole names with case ignored', () => {
    expect(redactUrl('https://app/h?Session=s1&sessions=2', ['session'])).toBe('https://app/h?Session=***&sessions=2');
  });

  it('cleans text that does not parse as a URL', () => {
    expect(redactUrl('ht tp://u:pw@host/x?token=1')).toBe('ht tp://u:***@host/x?token=***');
  });
});

describe('redactUrlsInText', () => {
  it('redacts every URL in a message and leaves the rest', () => {
    expect(redactUrlsInText('GET https://a/h?token=x failed; see http://u:p@b/ (code 3)')).toBe(
      'GET https://a/h?token=*** failed; see http://u:***@b/ (code 3)',
    );
  });
});

describe('urlSecretValues', () => {
  it('gives what redactUrl hides, raw and decoded, long enough to mask safely', () => {
    expect(urlSecretValues('https://u:p%40ssw0rd@app/h?token=a%2Bb%3Dc&id=12345&sig=1')).toEqual([
      'p%40ssw0rd',
      'p@ssw0rd',
      'a%2Bb%3Dc',
      'a+b=c',
    ]);
  });
});

describe('isSecretQueryName', () => {
  it('matches names containing a secret word', () => {
    expect(['oauth_token', 'KEY', 'x-signature', 'authcode'].every((n) => isSecretQueryName(n))).toBe(true);
    expect(['page', 'id', 'version'].some((n) => isSecretQueryName(n))).toBe(false);
  });
});
