import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { formatImageReference, parseImageReference } from './reference';

const digest = `sha256:${'ab'.repeat(32)}`;

describe('parseImageReference', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['index.docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['ghcr.io/octo-org/hello-world:v1.2.0', { registry: 'ghcr.io', repository: 'octo-org/hello-world', tag: 'v1.2.0' }],
    ['ghcr.io/o/team/app:sha-ffac537', { registry: 'ghcr.io', repository: 'o/team/app', tag: 'sha-ffac537' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/app:1', { registry: 'localhost:5000', repository: 'app', tag: '1' }],
    [`127.0.0.1:15000/o/app@${digest}`, { registry: '127.0.0.1:15000', repository: 'o/app', digest }],
    [`ghcr.io/o/app:v1@${digest}`, { registry: 'ghcr.io', repository: 'o/app', tag: 'v1', digest }],
    ['[::1]:5000/o/app:x', { registry: '[::1]:5000', repository: 'o/app', tag: 'x' }],
    ['GHCR.IO/o/app', { registry: 'ghcr.io', repository: 'o/app' }],
    ['ghcr.io/o/my_app.v2__x--y', { registry: 'ghcr.io', repository: 'o/my_app.v2__x--y' }],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  it.each([
    ['', 'it is empty'],
    [
      'ghcr.io/Codertocat/Hello-World',
      'must be lower case (registries reject "Codertocat/Hello-World"; use "codertocat/hello-world")',
    ],
    ['https://ghcr.io/o/app', 'leave out the scheme'],
    ['ghcr.io/o/app:-bad', '"-bad" is not a valid tag'],
    [`ghcr.io/o/app:${'x'.repeat(129)}`, 'is not a valid tag'],
    ['ghcr.io/o/app@sha256:abc', 'is not a digest'],
    [`ghcr.io/o/app@sha256:${'AB'.repeat(32)}`, '64 lower-case hex digits'],
    ['ghcr.io/o//app', '"" is not a valid repository path component'],
    ['ghcr.io/o/-app', '"-app" is not a valid repository path component'],
    ['ghcr.io/', 'the repository name is missing'],
    ['ghcr.io/o/app name', 'white space'],
    ['bad_host.io/o/app', '"bad_host.io" is not a valid registry host'],
  ])('refuses %j', (text, message) => {
    expect(() => parseImageReference(text)).toThrow(UserError);
    expect(() => parseImageReference(text)).toThrow(message);
  });
});

describe('formatImageReference', () => {
  it.each([
    'ghcr.io/o/app',
    'ghcr.io/o/app:v1.2.0',
    `127.0.0.1:15000/o/app@${digest}`,
    `ghcr.io/o/app:v1@${digest}`,
    'docker.io/library/nginx:1',
  ])('round-trips %s', (text) => {
    expect(formatImageReference(parseImageReference(text))).toBe(text);
  });

  it('spells out Docker Hub names in full', () => {
    expect(formatImageReference(parseImageReference('nginx:1'))).toBe('docker.io/library/nginx:1');
  });
});
