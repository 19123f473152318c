import { randomBytes } from 'node:crypto';
import { fetchWithTimeout } from '@deploy-kit/http';
import { MEDIA_TYPES, sha256Digest } from '../src/index';

/**
 * Pushes a small, valid image straight through the registry's own upload API
 * (no container engine), in any of the four manifest formats, so tests can
 * cover formats a local build would not produce (indexes, Docker lists).
 */
export type SyntheticKind = 'oci-manifest' | 'oci-index' | 'docker-manifest' | 'docker-list';

export interface PushedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

const TIMEOUT = { timeoutMs: 15_000 };

/** Basic credentials for a registry started with `auth`; module state keeps the helpers' signatures short. */
let authorization: Record<string, string> = {};
export function useBasicAuth(credentials: { username: string; password: string } | undefined): void {
  authorization = credentials
    ? { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` }
    : {};
}

async function pushBlob(host: string, repository: string, content: Buffer): Promise<string> {
  const digest = sha256Digest(content);
  const start = await fetchWithTimeout(`http://${host}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    headers: authorization,
    ...TIMEOUT,
  });
  const location = start.response.headers.get('location');
  if (start.response.status !== 202 || !location)
    throw new Error(`blob upload start answered ${start.response.status}`);
  const url = new URL(location, `http://${host}`);
  url.searchParams.set('digest', digest);
  const put = await fetchWithTimeout(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream', ...authorization },
    body: content,
    ...TIMEOUT,
  });
  if (put.response.status !== 201) throw new Error(`blob upload answered ${put.response.status}: ${put.body}`);
  return digest;
}

export async function putRawManifest(
  host: string,
  repository: string,
  reference: string,
  manifest: PushedManifest,
): Promise<void> {
  const { response, body } = await fetchWithTimeout(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'Content-Type': manifest.mediaType, ...authorization },
    body: manifest.bytes,
    ...TIMEOUT,
  });
  if (response.status !== 201) throw new Error(`manifest PUT answered ${response.status}: ${body}`);
}

async function pushImageManifest(
  host: string,
  repository: string,
  docker: boolean,
  arch: string,
): Promise<PushedManifest> {
  const config = Buffer.from(
    JSON.stringify({ architecture: arch, os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const layer = randomBytes(512);
  const configDigest = await pushBlob(host, repository, config);
  const layerDigest = await pushBlob(host, repository, layer);
  const mediaType = docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json',
      size: config.length,
      digest: configDigest,
    },
    layers: [
      {
        mediaType: docker
          ? 'application/vnd.docker.image.rootfs.diff.tar.gzip'
          : 'application/vnd.oci.image.layer.v1.tar',
        size: layer.length,
        digest: layerDigest,
      },
    ],
  };
  // Indented on purpose: a registry or client that re-serialises the JSON would change the digest.
  const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
  return { bytes, mediaType, digest: sha256Digest(bytes) };
}

/** Pushes an image of the given kind under `tag` and returns the top manifest. */
export async function pushSyntheticImage(
  host: string,
  repository: string,
  tag: string,
  kind: SyntheticKind,
): Promise<PushedManifest> {
  const docker = kind.startsWith('docker');
  let top: PushedManifest;
  if (kind === 'oci-manifest' || kind === 'docker-manifest') {
    top = await pushImageManifest(host, repository, docker, 'amd64');
  } else {
    const children: { manifest: PushedManifest; arch: string }[] = [];
    for (const arch of ['amd64', 'arm64']) {
      const manifest = await pushImageManifest(host, repository, docker, arch);
      await putRawManifest(host, repository, manifest.digest, manifest);
      children.push({ manifest, arch });
    }
    const mediaType = docker ? MEDIA_TYPES.dockerManifestList : MEDIA_TYPES.ociIndex;
    const index = {
      schemaVersion: 2,
      mediaType,
      manifests: children.map(({ manifest, arch }) => ({
        mediaType: manifest.mediaType,
        size: manifest.bytes.length,
        digest: manifest.digest,
        platform: { architecture: arch, os: 'linux' },
      })),
    };
    const bytes = Buffer.from(JSON.stringify(index, null, 3));
    top = { bytes, mediaType, digest: sha256Digest(bytes) };
  }
  await putRawManifest(host, repository, tag, top);
  return top;
}
