import { describe, expect, it } from '@jest/globals';
import { registryCredentials } from './registry-credentials';

const githubToken = 'ghs_token';

describe('registryCredentials', () => {
  it('uses the GitHub token and the actor for ghcr.io images', () => {
    expect(registryCredentials('ghcr.io/acme/shop:v1', { githubToken }, 'octocat')).toEqual({
      username: 'octocat',
      password: githubToken,
    });
  });

  it('never sends the GitHub token to another registry', () => {
    expect(registryCredentials('registry.example.com/acme/shop:v1', { githubToken }, 'octocat')).toEqual({});
    expect(registryCredentials('docker.io/library/nginx', { githubToken }, 'octocat')).toEqual({});
  });

  it('uses what was given', () => {
    expect(
      registryCredentials('registry.example.com/a/b:1', { githubToken, username: 'bot', password: 'pw' }, 'octocat'),
    ).toEqual({ username: 'bot', password: 'pw' });
    expect(registryCredentials('ghcr.io/a/b:1', { githubToken, password: 'pat' }, 'octocat')).toEqual({
      username: 'octocat',
      password: 'pat',
    });
  });

  it('leaves an unreadable reference to the image check', () => {
    expect(registryCredentials('Not A Reference', { githubToken }, 'octocat')).toEqual({});
  });
});
