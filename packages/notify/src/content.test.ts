import { describe, expect, it } from '@jest/globals';
import { buildContent } from './content';
import type { DeployEvent } from './event';

const base: DeployEvent = {
  status: 'success',
  repository: 'octo-org/hello-world',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  actor: 'octocat',
  runUrl: 'https://github.com/octo-org/hello-world/actions/runs/1',
  serverUrl: 'https://github.com',
};

describe('buildContent', () => {
  it.each([
    [
      { status: 'started', environment: 'staging', version: 'v1.0.0-rc.1' },
      '🚀 Deploying hello-world v1.0.0-rc.1 to staging',
    ],
    [
      { status: 'success', environment: 'production', version: 'v1.0.0' },
      '✅ Deployed hello-world v1.0.0 to production',
    ],
    [
      { status: 'failure', environment: 'production', version: 'v1.0.0' },
      '❌ Deploy of hello-world v1.0.0 to production failed',
    ],
    [{ status: 'cancelled', environment: 'production' }, '🚫 Deploy of hello-world to production was cancelled'],
    [
      { status: 'rolled-back', environment: 'production', version: 'v0.9.0' },
      '↩️ Rolled back production to hello-world v0.9.0',
    ],
    [{ status: 'rolled-back' }, '↩️ Rolled back hello-world'],
    [{ status: 'success' }, '✅ Deployed hello-world'],
  ] as const)('%j -> %s', (change, title) => {
    expect(buildContent({ ...base, ...change }).title).toBe(title);
  });

  it('carries every fact and link a reader needs', () => {
    const content = buildContent({
      ...base,
      environment: 'production',
      version: 'v1.0.0',
      environmentUrl: 'https://app.example.com',
    });
    expect(content.facts).toEqual([
      { name: 'Status', value: '✅ success' },
      { name: 'Environment', value: 'production' },
      { name: 'Version', value: 'v1.0.0' },
      { name: 'Repository', value: 'octo-org/hello-world' },
      {
        name: 'Commit',
        value: 'ffac537',
        url: 'https://github.com/octo-org/hello-world/commit/ffac537e6cbbf934b08745a378932722df287a53',
      },
      { name: 'Actor', value: 'octocat' },
    ]);
    expect(content.links.map((l) => l.label)).toEqual(['Workflow run', 'Open production', 'Commit ffac537']);
    expect(content.text).toBeUndefined();
  });
});
