import { describe, it, expect } from '@jest/globals';
import { defaultImage, parseRepository, validateImage } from './image';

describe('defaultImage', () => {
  it.each([
    ['Codertocat/Hello-World', 'ghcr.io/codertocat/hello-world'],
    ['octo-org/hello-world', 'ghcr.io/octo-org/hello-world'],
    ['Octo-Org/My_App.js', 'ghcr.io/octo-org/my_app.js'],
  ])('%s -> %s', (repository, image) => {
    expect(defaultImage(repository)).toBe(image);
  });

  it.each(['octo-org/.github', 'octo-org/_private', 'octo-org/app-'])(
    'asks for an explicit image when %s makes no valid image name',
    (repository) => {
      expect(() => defaultImage(repository)).toThrow('cannot be used as an image name');
      expect(() => defaultImage(repository)).toThrow('set the image explicitly');
    },
  );

  it.each(['', 'owner', 'owner/repo/extra', '/repo', 'owner/'])('refuses repository %j', (repository) => {
    expect(() => parseRepository(repository)).toThrow('owner/repo');
  });
});

describe('validateImage', () => {
  it.each([
    'ghcr.io/octo-org/app',
    '127.0.0.1:5000/octo/app',
    'localhost:5000/app',
    'registry.example.com/a/b__c/d-e.f',
    '[::1]:5000/app',
    'app',
  ])('accepts %s', (image) => {
    expect(validateImage(image)).toBe(image);
  });

  it('refuses upper case, naming the lower-case name to use', () => {
    expect(() => validateImage('ghcr.io/Codertocat/Hello-World')).toThrow(
      'Image "ghcr.io/Codertocat/Hello-World" contains upper-case letters; registries such as GHCR reject them. Use "ghcr.io/codertocat/hello-world"',
    );
  });

  it.each(['ghcr.io/octo/app:v1', 'ghcr.io/octo/app@sha256:abc', '127.0.0.1:5000/app:latest'])(
    'refuses a tag or digest in %s',
    (image) => {
      expect(() => validateImage(image)).toThrow('without a tag or digest');
    },
  );

  it.each([
    'ghcr.io/octo//app',
    'ghcr.io/octo/-app',
    'ghcr.io/octo/app-',
    'ghcr.io/oc to/app',
    'bad_host.io:x/app',
    '',
  ])('refuses malformed %j', (image) => {
    expect(() => validateImage(image)).toThrow(/not a valid image name|empty/);
  });
});
