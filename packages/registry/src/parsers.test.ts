import { describe, expect, it } from '@jest/globals';
import { parseChallenge } from './challenge';
import { isLoopbackRegistry, registryBaseUrl } from './endpoint';
import { nextLink } from './link';
import { MEDIA_TYPES, manifestMediaType } from './media-types';

describe('parseChallenge', () => {
  it('reads a GHCR bearer challenge, commas inside quotes included', () => {
    expect(
      parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/app:pull,push"'),
    ).toEqual({
      scheme: 'bearer',
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:o/app:pull,push',
    });
  });

  it('reads Basic and tolerates spacing and case', () => {
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: 'basic' });
    expect(parseChallenge('bearer  realm = "http://127.0.0.1:9/t" , service=reg')).toEqual({
      scheme: 'bearer',
      realm: 'http://127.0.0.1:9/t',
      service: 'reg',
    });
  });

  it.each([[null], [''], ['Negotiate abc'], ['Bearer service="x"']])('gives nothing usable for %j', (header) => {
    expect(parseChallenge(header)).toBeUndefined();
  });
});

describe('nextLink', () => {
  const base = 'http://127.0.0.1:5000/v2/o/app/tags/list?n=2';
  it('resolves a relative next link against the request', () => {
    expect(nextLink('</v2/o/app/tags/list?last=b&n=2>; rel="next"', base)).toBe(
      'http://127.0.0.1:5000/v2/o/app/tags/list?last=b&n=2',
    );
  });
  it('picks rel=next among several links and ignores others', () => {
    expect(nextLink('<https://x/prev>; rel="prev", <https://x/next>; rel=next', base)).toBe('https://x/next');
    expect(nextLink('<https://x/prev>; rel="prev"', base)).toBeUndefined();
    expect(nextLink(null, base)).toBeUndefined();
  });
});

describe('endpoints', () => {
  it.each([
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1:15000', true],
    ['127.5.6.7', true],
    ['[::1]:5000', true],
    ['ghcr.io', false],
    ['127.0.0.1.nip.io', false],
    ['10.0.0.1:5000', false],
    ['localhost.example.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackRegistry(host)).toBe(loopback);
    expect(registryBaseUrl(host).startsWith(loopback ? 'http://' : 'https://')).toBe(true);
  });

  it("talks to Docker Hub's API host", () => {
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
  });
});

describe('manifestMediaType', () => {
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [] }));
  it('prefers the Content-Type, without parameters', () => {
    expect(manifestMediaType(`${MEDIA_TYPES.dockerManifest}; charset=utf-8`, index)).toBe(MEDIA_TYPES.dockerManifest);
  });
  it('falls back to the manifest field, then to its shape', () => {
    const withField = Buffer.from(JSON.stringify({ mediaType: MEDIA_TYPES.dockerManifestList, manifests: [] }));
    expect(manifestMediaType('application/json', withField)).toBe(MEDIA_TYPES.dockerManifestList);
    expect(manifestMediaType(null, index)).toBe(MEDIA_TYPES.ociIndex);
    expect(manifestMediaType(null, Buffer.from('{"config":{},"layers":[]}'))).toBe(MEDIA_TYPES.ociManifest);
  });
});
