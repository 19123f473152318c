import { describe, expect, it } from '@jest/globals';
import { TimeoutError } from '@deploy-kit/http';
import { describeFailure } from './describe-failure';

// Node's fetch reports every network problem as "fetch failed" with the real reason in `cause`.
const fetchFailed = (cause: Record<string, unknown>) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(String(cause.message ?? '')), cause) });

describe('describeFailure', () => {
  it.each([
    [new TimeoutError('http://x', 5000), 'no answer within 5s'],
    [
      fetchFailed({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' }),
      'connection refused by app.internal:8080',
    ],
    [
      fetchFailed({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND app.internal' }),
      'DNS lookup failed for app.internal:8080 (ENOTFOUND)',
    ],
    [
      fetchFailed({ code: 'EAI_AGAIN', message: 'getaddrinfo EAI_AGAIN' }),
      'DNS lookup failed for app.internal:8080 (EAI_AGAIN)',
    ],
    [fetchFailed({ code: 'ECONNRESET', message: 'read ECONNRESET' }), 'connection reset by the server'],
    [
      fetchFailed({ code: 'UND_ERR_SOCKET', message: 'other side closed' }),
      'the server closed the connection without answering',
    ],
    [
      fetchFailed({ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }),
      'TLS error: certificate has expired (CERT_HAS_EXPIRED); set insecure-tls: true only for a server you trust',
    ],
    [fetchFailed({ message: 'redirect count exceeded' }), 'too many redirects'],
    [
      new TypeError('fetch failed', { cause: new TypeError('bad port') }),
      'port 8080 is one fetch refuses to use (a "bad port"); serve the check on another port',
    ],
  ])('%s', (error, text) => {
    expect(describeFailure(error, 'app.internal:8080')).toBe(text);
  });
});
