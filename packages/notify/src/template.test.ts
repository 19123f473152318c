import { describe, expect, it } from '@jest/globals';
import type { DeployEvent } from './event';
import { renderTemplate, unknownPlaceholders } from './template';

const event: DeployEvent = {
  status: 'success',
  environment: 'production',
  version: 'v1.2.0',
  environmentUrl: 'https://app.example.com',
  repository: 'octo-org/hello-world',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  actor: 'octocat',
  runUrl: 'https://github.com/octo-org/hello-world/actions/runs/1',
  serverUrl: 'https://github.com',
};

describe('renderTemplate', () => {
  it('fills every documented placeholder', () => {
    expect(renderTemplate('{status}|{environment}|{version}|{url}|{repository}|{sha}|{actor}|{run_url}', event)).toBe(
      'success|production|v1.2.0|https://app.example.com|octo-org/hello-world|ffac537e6cbbf934b08745a378932722df287a53|octocat|https://github.com/octo-org/hello-world/actions/runs/1',
    );
  });

  it('leaves values that are not known empty and other braces alone', () => {
    const { environment: _e, version: _v, ...bare } = event;
    expect(renderTemplate('to {environment} ({version}) {"json": true} {Status}', bare)).toBe(
      'to  () {"json": true} {Status}',
    );
  });
});

describe('unknownPlaceholders', () => {
  it.each([
    ['{env} and {version} and {env}', ['{env}']],
    ['{run_url} {sha}', []],
    ['no placeholders at all', []],
    ['{ spaced } {Upper}', []],
  ])('%s -> %j', (template, unknown) => {
    expect(unknownPlaceholders(template)).toEqual(unknown);
  });
});
