import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fetchWithTimeout } from '@deploy-kit/http';
import { startRegistry, runCommand, type Registry } from '../../../test/infra/index';
import { MANIFEST_ACCEPT, RegistryAuthError, RegistryClient } from '../src/index';
import { pushSyntheticImage, useBasicAuth, type SyntheticKind } from './push-synthetic-image';

/** What the registry itself says a reference points at, through its own API. */
async function registryHead(host: string, repository: string, reference: string) {
  const { response } = await fetchWithTimeout(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers: { Accept: MANIFEST_ACCEPT },
    timeoutMs: 10_000,
  });
  return {
    status: response.status,
    digest: response.headers.get('docker-content-digest'),
    type: response.headers.get('content-type'),
  };
}

async function registryBytes(host: string, repository: string, reference: string): Promise<Buffer> {
  const { body } = await fetchWithTimeout(`http://${host}/v2/${repository}/manifests/${reference}`, {
    headers: { Accept: MANIFEST_ACCEPT },
    timeoutMs: 10_000,
  });
  return body;
}

async function registryTags(host: string, repository: string): Promise<string[]> {
  const { body } = await fetchWithTimeout(`http://${host}/v2/${repository}/tags/list`, { timeoutMs: 10_000 });
  return ((JSON.parse(body.toString()) as { tags: string[] }).tags ?? []).sort();
}

/** Access-log lines for blob requests: the registry's own count, not ours. */
function blobLogLines(registry: Registry): number {
  return readFileSync(registry.logFile, 'utf8')
    .split('\n')
    .filter((line) => /"(GET|HEAD) \/v2\/[^"]*\/blobs\//.test(line)).length;
}

const kinds: SyntheticKind[] = ['oci-manifest', 'oci-index', 'docker-manifest', 'docker-list'];

describe('RegistryClient against a real registry', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it.each(kinds)(
    'promotes a %s by manifest copy: same digest, same media type, same bytes, no blob fetched',
    async (kind) => {
      const repository = `promote/${kind}`;
      const source = await pushSyntheticImage(registry.host, repository, 'sha-ffac537', kind);
      const client = new RegistryClient();
      const blobsBefore = blobLogLines(registry);

      expect(await client.resolve(`${registry.host}/${repository}:sha-ffac537`)).toEqual({
        digest: source.digest,
        mediaType: source.mediaType,
      });
      const result = await client.promote(`${registry.host}/${repository}:sha-ffac537`, ['v1.2.0', 'latest']);

      expect(result).toEqual({ digest: source.digest, tags: ['v1.2.0', 'latest'] });
      for (const tag of ['v1.2.0', 'latest']) {
        expect(await registryHead(registry.host, repository, tag)).toEqual({
          status: 200,
          digest: source.digest,
          type: source.mediaType,
        });
        expect((await registryBytes(registry.host, repository, tag)).equals(source.bytes)).toBe(true);
      }
      expect(await registryTags(registry.host, repository)).toEqual(['latest', 'sha-ffac537', 'v1.2.0']);
      expect(client.stats.blobRequests).toBe(0);
      expect(blobLogLines(registry)).toBe(blobsBefore);
    },
  );

  it.each(['oci-index', 'docker-manifest'] as const)(
    'gives the same digest as `skopeo copy --all` for a %s',
    async (kind) => {
      const repository = `skopeo/${kind}`;
      const source = await pushSyntheticImage(registry.host, repository, 'src', kind);
      await runCommand(
        'skopeo',
        [
          'copy',
          '--all',
          '--src-tls-verify=false',
          '--dest-tls-verify=false',
          `docker://${registry.host}/${repository}:src`,
          `docker://${registry.host}/${repository}:by-skopeo`,
        ],
        { timeoutMs: 60_000 },
      );
      await new RegistryClient().promote(`${registry.host}/${repository}:src`, ['by-us']);
      const bySkopeo = await registryHead(registry.host, repository, 'by-skopeo');
      const byUs = await registryHead(registry.host, repository, 'by-us');
      expect(byUs.digest).toBe(source.digest);
      expect(bySkopeo.digest).toBe(byUs.digest);
      expect(bySkopeo.type).toBe(byUs.type);
    },
  );

  it('lists tags, and [] for a repository that does not exist', async () => {
    const repository = 'tags/many';
    await pushSyntheticImage(registry.host, repository, 't0', 'oci-manifest');
    const client = new RegistryClient();
    await client.promote(`${registry.host}/${repository}:t0`, ['t1', 't2']);
    expect((await client.listTags(`${registry.host}/${repository}`)).sort()).toEqual(['t0', 't1', 't2']);
    expect(await client.listTags(`${registry.host}/tags/nothing-here`)).toEqual([]);
  });

  it('resolves a missing tag or repository to undefined, and reads a manifest by digest', async () => {
    const repository = 'resolve/app';
    const source = await pushSyntheticImage(registry.host, repository, 'v1', 'oci-index');
    const client = new RegistryClient();
    expect(await client.resolve(`${registry.host}/${repository}:nope`)).toBeUndefined();
    expect(await client.resolve(`${registry.host}/resolve/none:v1`)).toBeUndefined();
    const byDigest = await client.getManifest(`${registry.host}/${repository}@${source.digest}`);
    expect(byDigest).toEqual({ bytes: source.bytes, mediaType: source.mediaType, digest: source.digest });
  });
});

describe('RegistryClient against a real registry that requires a login', () => {
  let registry: Registry;
  const auth = { username: 'octocat', password: 'ghs_registrySecret123' };
  beforeAll(async () => {
    registry = await startRegistry({ auth });
    useBasicAuth(auth);
  });
  afterAll(async () => {
    useBasicAuth(undefined);
    await registry?.stop();
  });

  it('promotes with the right credentials and refuses wrong or missing ones with the credentials hint', async () => {
    const source = await pushSyntheticImage(registry.host, 'auth/app', 'sha-ffac537', 'oci-index');
    const good = new RegistryClient(auth);
    expect(await good.promote(`${registry.host}/auth/app:sha-ffac537`, ['latest'])).toEqual({
      digest: source.digest,
      tags: ['latest'],
    });
    expect((await good.listTags(`${registry.host}/auth/app`)).sort()).toEqual(['latest', 'sha-ffac537']);
    const wrong = new RegistryClient({ username: 'octocat', password: 'not-the-password' });
    const error = await wrong.listTags(`${registry.host}/auth/app`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    // Not ghcr.io: the hint is about the credentials, not GHCR's packages: write.
    expect((error as Error).message).toMatch(
      /refused access \(401.*\)\. Check the credentials given for 127\.0\.0\.1:\d+/,
    );
    expect((error as Error).message).not.toContain('packages: write');
    await expect(new RegistryClient().resolve(`${registry.host}/auth/app:v1`)).rejects.toBeInstanceOf(
      RegistryAuthError,
    );
  });
});
