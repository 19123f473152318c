import { describe, it, expect } from '@jest/globals';
import { ociLabels } from './labels';

const base = {
  repository: 'octo-org/hello-world',
  serverUrl: 'https://github.com',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  version: 'v1.0.0',
  created: new Date('2026-01-02T03:04:05Z'),
};

describe('ociLabels', () => {
  it('takes source, title, description and license from the payload repository', () => {
    const payload = {
      repository: {
        name: 'hello-world',
        html_url: 'https://github.com/octo-org/hello-world',
        description: 'A tiny service',
        license: { spdx_id: 'MIT' },
      },
    };
    expect(ociLabels({ ...base, payload })).toEqual({
      'org.opencontainers.image.source': 'https://github.com/octo-org/hello-world',
      'org.opencontainers.image.revision': base.sha,
      'org.opencontainers.image.version': 'v1.0.0',
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
      'org.opencontainers.image.title': 'hello-world',
      'org.opencontainers.image.description': 'A tiny service',
      'org.opencontainers.image.licenses': 'MIT',
    });
  });

  it('falls back to the server URL and repository name, and leaves out what is unknown', () => {
    const labels = ociLabels({
      ...base,
      serverUrl: 'https://ghe.example.com/',
      payload: { repository: { license: { spdx_id: 'NOASSERTION' }, description: null } },
    });
    expect(labels['org.opencontainers.image.source']).toBe('https://ghe.example.com/octo-org/hello-world');
    expect(labels['org.opencontainers.image.title']).toBe('hello-world');
    expect(labels).not.toHaveProperty(['org.opencontainers.image.description']);
    expect(labels).not.toHaveProperty(['org.opencontainers.image.licenses']);
  });

  it('lets extra labels override the computed ones', () => {
    const labels = ociLabels({
      ...base,
      payload: {},
      extraLabels: { 'org.opencontainers.image.title': 'Hello', team: 'web' },
    });
    expect(labels['org.opencontainers.image.title']).toBe('Hello');
    expect(labels['team']).toBe('web');
  });
});
