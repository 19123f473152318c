import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRegistry, type Registry } from '../../../test/infra';
import { RegistryClient } from './client';
import { moveTags } from './move-tags';

// Real registry (CNCF distribution): an image index needs no blobs, so two releases are two small
// manifests that differ only in an annotation.
function release(version: string) {
  return {
    mediaType: 'application/vnd.oci.image.index.v1+json',
    bytes: Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [],
        annotations: { 'org.opencontainers.image.version': version },
      }),
    ),
  };
}

describe('moveTags (real registry)', () => {
  let registry: Registry;
  const client = new RegistryClient({ retry: { attempts: 1 } });
  let image: string;

  beforeAll(async () => {
    registry = await startRegistry();
    image = `${registry.host}/acme/shop/api`;
  });
  afterAll(async () => registry?.stop());

  it('points the moving tags at the healthy release digest, byte for byte, and leaves other tags alone', async () => {
    const ref = { registry: registry.host, repository: 'acme/shop/api' };
    const v1 = await client.putManifest({ ...ref, tag: 'v1.0.0' }, release('v1.0.0'));
    const v2 = await client.putManifest({ ...ref, tag: 'v1.1.0' }, release('v1.1.0'));
    await client.promote({ ...ref, tag: 'v1.1.0' }, ['latest']);

    // v1.1.0 was rolled back: latest returns to v1.0.0's digest.
    const moved = await moveTags(client, { image, digest: v1, tags: ['latest', 'v1'] });

    expect(moved).toEqual({
      digest: v1,
      tags: [
        { tag: 'latest', digest: v1 },
        { tag: 'v1', digest: v1 },
      ],
    });
    expect((await client.getManifest(`${image}:latest`)).bytes.equals(release('v1.0.0').bytes)).toBe(true);
    expect((await client.resolve(`${image}:v1.1.0`))?.digest).toBe(v2);
    expect((await client.listTags(image)).sort()).toEqual(['latest', 'v1', 'v1.0.0', 'v1.1.0']);
  });

  it('moves nothing when no tag moves, and refuses a digest that is not one before any request', async () => {
    const before = client.stats.requests;
    expect(await moveTags(client, { image, digest: `sha256:${'a'.repeat(64)}`, tags: [] })).toEqual({
      digest: `sha256:${'a'.repeat(64)}`,
      tags: [],
    });
    await expect(moveTags(client, { image, digest: 'v1.0.0', tags: ['latest'] })).rejects.toThrow(
      'moveTags needs a sha256 digest (got "v1.0.0")',
    );
    expect(client.stats.requests).toBe(before);
  });

  it('fails naming the digest when it is not in the registry, and moves no tag', async () => {
    const missing = `sha256:${'b'.repeat(64)}`;
    await expect(moveTags(client, { image, digest: missing, tags: ['staging'] })).rejects.toThrow('was not found');
    expect(await client.resolve(`${image}:staging`)).toBeUndefined();
  });
});
