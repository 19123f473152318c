import { describe, expect, it } from '@jest/globals';
import { toEntry } from '../src/entry';
import { historyRows } from '@deploy-kit/insights';

const deployment = (payload: unknown) => ({
  id: 7,
  sha: 'b'.repeat(40),
  environment: 'production',
  task: 'deploy',
  created_at: '2026-11-02T10:00:00Z',
  creator: { login: 'octocat' },
  payload,
});
const success = [{ id: 1, state: 'success', created_at: '2026-11-02T10:01:00Z' }];
const api = `sha256:${'a'.repeat(64)}`;
const web = `sha256:${'c'.repeat(64)}`;

describe('a deployment as a history entry', () => {
  it('reads a release of several services as deploy-kit’s, with every service’s digest in the history', () => {
    const entry = toEntry(
      deployment({
        version: 'v2.0.0',
        image: '',
        digest: '',
        services: [
          { service: 'api', image: 'ghcr.io/o/r/api:v2.0.0', digest: api },
          { service: 'frontend', image: 'ghcr.io/o/r/frontend:v2.0.0', digest: web },
        ],
      }),
      success,
    );
    expect(entry.recordedBy).toBe('deploy-kit');
    expect(entry.services.map((s) => s.service)).toEqual(['api', 'frontend']);
    expect(historyRows([entry])[0]![4]).toBe(`api@${api.slice(0, 19)}, frontend@${web.slice(0, 19)}`);
  });

  it('reads an older one-image payload as the single service app, and another tool’s as other', () => {
    const old = toEntry(deployment({ version: 'v1.0.0', image: 'ghcr.io/o/r:v1.0.0', digest: api }), success);
    expect(old.recordedBy).toBe('deploy-kit');
    expect(old.services).toEqual([{ service: 'app', image: 'ghcr.io/o/r:v1.0.0', digest: api }]);
    expect(toEntry(deployment({}), success).recordedBy).toBe('other');
  });
});
