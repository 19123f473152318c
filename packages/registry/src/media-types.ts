/** Manifest media types we ask for, so the registry never down-converts. */
export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

export const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerManifestList;
}

/**
 * The media type of a manifest: the Content-Type the registry sent, else the
 * manifest's own `mediaType` field, else (an OCI manifest may omit it) what
 * its shape says.
 */
export function manifestMediaType(contentType: string | null, bytes: Buffer): string {
  const fromHeader = contentType?.split(';')[0]?.trim().toLowerCase();
  if (
    fromHeader &&
    fromHeader !== 'application/json' &&
    fromHeader !== 'application/octet-stream' &&
    fromHeader !== 'text/plain'
  ) {
    return fromHeader;
  }
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown; manifests?: unknown };
    if (typeof parsed.mediaType === 'string') return parsed.mediaType;
    return Array.isArray(parsed.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
  } catch {
    return fromHeader || MEDIA_TYPES.ociManifest;
  }
}
