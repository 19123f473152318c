import { describe, expect, it } from '@jest/globals';
import { RequestError } from '@octokit/request-error';
import { describeGitHubError, mayHaveBeenApplied } from './errors';

const request = { method: 'POST' as const, url: 'https://api.github.com/repos/o/r/deployments', headers: {} };

describe('GitHub error helpers', () => {
  it('describes a GitHub error in one line with its status, without the docs link', () => {
    const error = new RequestError('Server Error - https://docs.github.com/rest', 502, { request });
    expect(describeGitHubError(error)).toBe('HTTP 502: Server Error');
  });

  it('treats 5xx and answerless failures as possibly applied, 4xx as not', () => {
    expect(mayHaveBeenApplied(new RequestError('x', 503, { request }))).toBe(true);
    expect(mayHaveBeenApplied(new Error('socket hang up'))).toBe(true);
    expect(mayHaveBeenApplied(new RequestError('x', 422, { request }))).toBe(false);
  });
});
