import semver from 'semver';
import type { RegistryClient } from './client';
import type { ImageReference } from './reference';

/** How many semantic-version tags are resolved at most (one HEAD request each). */
export const MAX_VERSION_TAGS = 50;

/**
 * The semantic-version tag (`v1.2.0`, `1.2.0-beta.1`) of the repository that
 * points at `digest`: what a moving tag such as `latest` or `staging` really
 * is. Tags are tried newest version first, at most `limit` of them, each
 * with a HEAD request; undefined when none of those points at the digest.
 */
export async function versionTagAt(
  registry: Pick<RegistryClient, 'listTags' | 'resolve'>,
  image: ImageReference,
  digest: string,
  limit = MAX_VERSION_TAGS,
): Promise<string | undefined> {
  const tags = (await registry.listTags(image))
    .filter((tag) => semver.valid(tag) !== null)
    .sort((a, b) => semver.rcompare(a, b))
    .slice(0, limit);
  for (const tag of tags) {
    const resolved = await registry.resolve({ ...image, tag, digest: undefined });
    if (resolved?.digest === digest) return tag;
  }
  return undefined;
}

/** Whether a version can be compared (`v1.2.0` or `1.2.0`, prereleases too). */
export function isSemanticVersion(version: string | undefined): version is string {
  return version !== undefined && semver.valid(version) !== null;
}
