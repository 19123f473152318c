import { createHash } from 'node:crypto';

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * Pushes a tiny but valid OCI image (a config and one empty-ish layer) to a
 * loopback registry through its HTTP API, for tests whose target never runs
 * the image (the command target) and so need no container engine.
 * Returns the manifest digest.
 */
export async function pushMinimalImage(
  registryHost: string,
  repository: string,
  tag: string,
  marker: string,
): Promise<string> {
  const base = `http://${registryHost}/v2/${repository}`;
  const upload = async (bytes: Buffer) => {
    const digest = sha256(bytes);
    const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    const location = new URL(start.headers.get('location') ?? '', `http://${registryHost}`);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
      signal: AbortSignal.timeout(10_000),
    });
    if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
    return { digest, size: bytes.length };
  };
  const config = await upload(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: { marker } },
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    ),
  );
  const layer = await upload(Buffer.from(marker));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
    }),
  );
  const put = await fetch(`${base}/manifests/${tag}`, {
    method: 'PUT',
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (put.status !== 201) throw new Error(`manifest upload answered ${put.status}: ${await put.text()}`);
  return sha256(manifest);
}
