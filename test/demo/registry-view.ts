import { fetchWithTimeout } from '@deploy-kit/http';

// What `docker pull` accepts, so the registry answers with the manifest it stores.
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const TIMEOUT_MS = 10_000;

/** `localhost:PORT/octo-org/hello-world` -> its API base and repository path. */
function split(image: string): { base: string; repository: string } {
  const slash = image.indexOf('/');
  return { base: `http://${image.slice(0, slash)}/v2/${image.slice(slash + 1)}`, repository: image.slice(slash + 1) };
}

/**
 * Every tag of the image and the digest the registry gives it, read straight from
 * the OCI distribution API (tags/list, then HEAD of each manifest), independently
 * of deploy-kit's own registry client.
 */
export async function registryTags(image: string): Promise<Record<string, string>> {
  const { base } = split(image);
  const listed = await fetchWithTimeout(`${base}/tags/list`, { timeoutMs: TIMEOUT_MS });
  if (listed.response.status === 404) return {};
  if (!listed.response.ok) throw new Error(`GET ${base}/tags/list: HTTP ${listed.response.status}`);
  const { tags } = JSON.parse(listed.body.toString('utf8')) as { tags: string[] | null };
  const digests: Record<string, string> = {};
  for (const tag of [...(tags ?? [])].sort()) {
    const { response: head } = await fetchWithTimeout(`${base}/manifests/${tag}`, {
      method: 'HEAD',
      timeoutMs: TIMEOUT_MS,
      headers: { accept: MANIFEST_TYPES },
    });
    const digest = head.headers.get('docker-content-digest');
    if (!head.ok || !digest) throw new Error(`HEAD ${base}/manifests/${tag}: HTTP ${head.status}, no digest`);
    digests[tag] = digest;
  }
  return digests;
}
