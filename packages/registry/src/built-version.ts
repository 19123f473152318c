import type { RegistryClient } from './client';
import { RegistryError } from './errors';
import { isIndexMediaType } from './media-types';
import { formatImageReference, type ImageReference } from './reference';

/** The OCI label (and annotation) build tools set to the version an image was built as. */
export const VERSION_LABEL = 'org.opencontainers.image.version';

interface ManifestJson {
  manifests?: { digest?: unknown; platform?: { os?: unknown } }[];
  config?: { digest?: unknown };
  annotations?: Record<string, unknown>;
}

interface ConfigJson {
  config?: { Labels?: Record<string, unknown> | null };
}

/**
 * The version an image was built as: its `org.opencontainers.image.version`
 * label (the config blob's, else the manifest's annotation). For an index,
 * the first platform image's (attestations, os `unknown`, are skipped): every
 * platform of one build carries the same labels. Undefined when the image has
 * no such label. Reads the manifest, at most one platform manifest, and one
 * config blob, each through the client's timeout and retries.
 */
export async function builtVersionOf(client: RegistryClient, image: ImageReference): Promise<string | undefined> {
  let manifest = await client.getManifest(image);
  let parsed = parseJson<ManifestJson>(manifest.bytes, `manifest of ${formatImageReference(image)}`);
  const fromIndex = labelOf(parsed.annotations);
  if (isIndexMediaType(manifest.mediaType)) {
    const platform = parsed.manifests?.find((entry) => entry.platform?.os !== 'unknown');
    if (typeof platform?.digest !== 'string') return fromIndex;
    const child: ImageReference = { registry: image.registry, repository: image.repository, digest: platform.digest };
    manifest = await client.getManifest(child);
    parsed = parseJson<ManifestJson>(manifest.bytes, `manifest of ${formatImageReference(child)}`);
  }
  const configDigest = parsed.config?.digest;
  const fromManifest = labelOf(parsed.annotations) ?? fromIndex;
  if (typeof configDigest !== 'string') return fromManifest;
  const config = parseJson<ConfigJson>(await client.getBlob(image, configDigest), `config ${configDigest}`);
  return labelOf(config.config?.Labels ?? undefined) ?? fromManifest;
}

function labelOf(labels: Record<string, unknown> | undefined): string | undefined {
  const value = labels?.[VERSION_LABEL];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) return parsed as T;
  } catch {
    // Reported below.
  }
  throw new RegistryError(`The ${what} is not a JSON object`);
}
