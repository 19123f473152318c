import type { RegistryClient } from './client';
import { RegistryError } from './errors';
import { formatImageReference, toImageReference, type ImageReference } from './reference';

export interface MoveTagsRequest {
  /** The image's repository, e.g. `ghcr.io/acme/shop/api` (any tag or digest on it is ignored). */
  image: string | ImageReference;
  /** The digest the tags must point at, `sha256:...`: the release that is now healthy. */
  digest: string;
  /** The moving tags to point there (tagsAfterHealth's answer); none is a no-op. */
  tags: readonly string[];
}

export interface MovedTags {
  digest: string;
  /** Each tag as the registry reads it back afterwards. */
  tags: { tag: string; digest: string }[];
}

/**
 * Points tags at a digest already in the registry by PUTting that manifest's exact bytes under each
 * tag (RegistryClient.promote): no pull, no build, no blob, and the digest cannot change. Then reads
 * every tag back, so a registry that stored something else is an error, not a silent drift.
 */
export async function moveTags(client: RegistryClient, request: MoveTagsRequest): Promise<MovedTags> {
  const { registry, repository } = toImageReference(request.image);
  if (!/^sha256:[0-9a-f]{64}$/.test(request.digest)) {
    throw new RegistryError(`moveTags needs a sha256 digest (got "${request.digest}")`);
  }
  if (!request.tags.length) return { digest: request.digest, tags: [] };
  const source: ImageReference = { registry, repository, digest: request.digest };
  await client.promote(source, [...request.tags]);
  const tags: { tag: string; digest: string }[] = [];
  for (const tag of request.tags) {
    const found = await client.resolve({ registry, repository, tag });
    if (found?.digest !== request.digest) {
      throw new RegistryError(
        `${formatImageReference({ registry, repository, tag })} points at ${found?.digest ?? 'nothing'} after moving it to ${request.digest}`,
      );
    }
    tags.push({ tag, digest: found.digest });
  }
  return { digest: request.digest, tags };
}
