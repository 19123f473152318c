import { describe, expect, it } from '@jest/globals';
import { readPayload, releasePayload } from '../src/records';

const api = { service: 'api', image: 'ghcr.io/acme/shop/api:v2', digest: `sha256:${'a'.repeat(64)}` };

describe('the payload’s rollout', () => {
  it('records the strategy and the hosts in their order, and reads them back', () => {
    const payload = releasePayload('v2', [api], { rollout: { strategy: 'rolling', hosts: ['a', 'b', 'c'] } });
    expect(readPayload(JSON.stringify(payload)).rollout).toEqual({ strategy: 'rolling', hosts: ['a', 'b', 'c'] });
  });

  it('is absent in a payload written before it existed, which still reads', () => {
    const old = { version: 'v1', image: 'ghcr.io/acme/shop:v1', digest: `sha256:${'b'.repeat(64)}` };
    const payload = readPayload(old);
    expect(payload).toMatchObject({ version: 'v1', services: [{ service: 'app', digest: old.digest }] });
    expect(payload).not.toHaveProperty('rollout');
  });

  it('ignores a malformed rollout rather than failing the read', () => {
    expect(readPayload({ ...releasePayload('v2', [api]), rollout: { strategy: 3 } })).not.toHaveProperty('rollout');
  });
});
