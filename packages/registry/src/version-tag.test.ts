import { describe, expect, it } from '@jest/globals';
import { versionTagAt } from './version-tag';
import type { ImageReference } from './reference';

const image: ImageReference = { registry: 'ghcr.io', repository: 'acme/shop', tag: 'latest' };

/** A registry whose tags point where `tags` says, counting the HEAD requests. */
function registryWith(tags: Record<string, string>) {
  const resolved: string[] = [];
  return {
    resolved,
    listTags: async () => Object.keys(tags),
    resolve: async (ref: string | ImageReference) => {
      const tag = typeof ref === 'string' ? ref : ref.tag!;
      resolved.push(tag);
      return tags[tag] ? { digest: tags[tag], mediaType: 'application/vnd.oci.image.manifest.v1+json' } : undefined;
    },
  };
}

describe('versionTagAt', () => {
  it('finds the semantic-version tag at a moving tag digest, newest version first, without resolving non-semver tags', async () => {
    const registry = registryWith({
      latest: 'sha256:b',
      staging: 'sha256:b',
      'v1.0.0': 'sha256:a',
      'v1.1.0-beta.1': 'sha256:b',
      'v1.2.0': 'sha256:c',
    });
    expect(await versionTagAt(registry, image, 'sha256:b')).toBe('v1.1.0-beta.1');
    expect(registry.resolved).toEqual(['v1.2.0', 'v1.1.0-beta.1']);
  });

  it('gives up after the limit, and when no tag matches', async () => {
    const tags = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`v1.0.${i}`, `sha256:${i}`]));
    const registry = registryWith(tags);
    expect(await versionTagAt(registry, image, 'sha256:0')).toBeUndefined();
    expect(registry.resolved).toHaveLength(50);
    expect(await versionTagAt(registryWith(tags), image, 'sha256:0', 60)).toBe('v1.0.0');
    expect(await versionTagAt(registryWith(tags), image, 'sha256:none')).toBeUndefined();
  });
});
