import { describe, expect, it } from '@jest/globals';
import { noCredentialsNote, registryCredentials, registryCredentialsForImage } from './credentials';

describe('registryCredentials', () => {
  const token = 'ghs_jobToken';
  it.each([
    // [registry, inputs, expected]
    ['ghcr.io', { githubToken: token }, { username: 'octocat', password: token, source: 'github-token' }],
    [
      'ghcr.io',
      { githubToken: token, password: 'pat' },
      { username: 'octocat', password: 'pat', source: 'registry-password' },
    ],
    ['registry.example.com', { githubToken: token }, { source: 'none' }],
    ['docker.io', { githubToken: token, username: 'bot' }, { source: 'none' }],
    ['127.0.0.1:5000', { githubToken: token }, { source: 'none' }],
    [
      'registry.example.com',
      { githubToken: token, username: 'bot', password: 'pat' },
      { username: 'bot', password: 'pat', source: 'registry-password' },
    ],
    ['ghcr.io', {}, { source: 'none' }],
  ])('%s with %j', (registry, inputs, expected) => {
    expect(registryCredentials(registry, inputs, 'octocat')).toEqual(expected);
  });
});

describe('noCredentialsNote', () => {
  it('says why nothing was sent', () => {
    expect(noCredentialsNote('registry.example.com', true)).toBe(
      'No credentials were sent to registry.example.com: registry-password is empty, and github-token is only sent to ghcr.io.',
    );
    expect(noCredentialsNote('registry.example.com', false)).toBe(
      'No credentials were sent to registry.example.com: registry-password is empty.',
    );
    expect(noCredentialsNote('ghcr.io', false)).toBe(
      'No credentials were sent to ghcr.io: registry-password and github-token are empty.',
    );
  });
});

describe('registryCredentialsForImage', () => {
  const githubToken = 'ghs_job';
  it('applies the one rule to the registry the image names', () => {
    expect(registryCredentialsForImage('ghcr.io/acme/shop:v1', { githubToken }, 'octocat')).toEqual({
      username: 'octocat',
      password: githubToken,
    });
    expect(registryCredentialsForImage('registry.example.com/acme/shop:v1', { githubToken }, 'octocat')).toEqual({});
    expect(
      registryCredentialsForImage(
        'registry.example.com/a/b:1',
        { githubToken, username: 'bot', password: 'pw' },
        'octocat',
      ),
    ).toEqual({ username: 'bot', password: 'pw' });
  });

  it('gives an unreadable reference only an explicit password, never the job token', () => {
    expect(registryCredentialsForImage('Not A Reference', { githubToken }, 'octocat')).toEqual({});
    expect(registryCredentialsForImage(undefined, { githubToken, password: 'pw' }, 'octocat')).toEqual({
      username: 'octocat',
      password: 'pw',
    });
  });
});
