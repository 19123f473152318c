import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import {
  GHCR_PERMISSION_HINT,
  MANIFEST_ACCEPT,
  MEDIA_TYPES,
  RegistryAuthError,
  RegistryClient,
  RegistryError,
  RegistryUnreachableError,
  sha256Digest,
} from '../src/index';
import { reply, startFakeRegistry, type SeenRequest } from './fake-registry';

const manifest = Buffer.from(
  JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] }, null, 2),
);
const digest = sha256Digest(manifest);
const fast = { retry: { attempts: 3, initialDelayMs: 1 } };
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.map((stop) => stop()));
  stops = [];
});

async function fake(handler: Parameters<typeof startFakeRegistry>[0]) {
  const server = await startFakeRegistry(handler);
  stops.push(server.stop);
  return server;
}

function serveManifest(res: Parameters<typeof reply>[0], request: SeenRequest) {
  if (request.method === 'PUT') return reply(res, 201, { 'Docker-Content-Digest': sha256Digest(request.body) });
  reply(
    res,
    200,
    { 'Content-Type': MEDIA_TYPES.ociIndex, 'Docker-Content-Digest': digest },
    request.method === 'HEAD' ? '' : manifest.toString(),
  );
}

/** A GHCR-like registry: bearer tokens from /token for Basic user:password, one per scope. */
function ghcrLike(options: { password: string; expireFirstToken?: boolean }) {
  const issued = new Map<string, string>();
  let count = 0;
  // With expireFirstToken, the first token works for one request only (as if it expired).
  let firstTokenUses = options.expireFirstToken ? 1 : Number.POSITIVE_INFINITY;
  return (request: SeenRequest, res: Parameters<typeof reply>[0], base: string) => {
    const url = new URL(request.path, base);
    if (url.pathname === '/token') {
      if (request.authorization !== basic('octocat', options.password))
        return reply(res, 401, {}, '{"errors":[{"code":"UNAUTHORIZED"}]}');
      const token = `token-${++count}`;
      issued.set(token, url.searchParams.getAll('scope').join(' '));
      return reply(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ token }));
    }
    const scope = `repository:o/app:${request.method === 'PUT' ? 'pull,push' : 'pull'}`;
    const token = request.authorization?.replace(/^Bearer /, '') ?? '';
    let valid = issued
      .get(token)
      ?.split(' ')
      .some((granted) => granted === scope || granted === 'repository:o/app:pull,push');
    if (valid && token === 'token-1' && firstTokenUses-- <= 0) valid = false;
    if (!valid) {
      return reply(res, 401, {
        'WWW-Authenticate': `Bearer realm="${base}/token",service="fake",scope="${scope}"`,
      });
    }
    serveManifest(res, request);
  };
}

describe('bearer token flow', () => {
  it('gets a token with Basic user:password and the scope asked for, then reuses it', async () => {
    const server = await fake(ghcrLike({ password: 'ghs_secret' }));
    const secrets: string[] = [];
    const client = new RegistryClient({
      username: 'octocat',
      password: 'ghs_secret',
      onSecret: (s) => secrets.push(s),
      ...fast,
    });
    expect(await client.resolve(`${server.host}/o/app:v1`)).toEqual({ digest, mediaType: MEDIA_TYPES.ociIndex });
    expect(await client.resolve(`${server.host}/o/app:v2`)).toEqual({ digest, mediaType: MEDIA_TYPES.ociIndex });
    const tokenRequests = server.seen.filter((r) => r.path.startsWith('/token'));
    expect(tokenRequests).toHaveLength(1);
    expect(new URL(tokenRequests[0]!.path, 'http://x').searchParams.getAll('scope')).toEqual(['repository:o/app:pull']);
    expect(new URL(tokenRequests[0]!.path, 'http://x').searchParams.get('service')).toBe('fake');
    expect(secrets).toEqual(['token-1']);
    expect(server.seen.filter((r) => r.method === 'HEAD').map((r) => r.accept)).toEqual([
      MANIFEST_ACCEPT,
      MANIFEST_ACCEPT,
      MANIFEST_ACCEPT,
    ]);
  });

  it('asks for a push token for PUTs and copies bytes and Content-Type exactly', async () => {
    const server = await fake(ghcrLike({ password: 'pw' }));
    const client = new RegistryClient({ username: 'octocat', password: 'pw', ...fast });
    expect(await client.promote(`${server.host}/o/app:sha-1234567`, ['v1.0.0', 'latest'])).toEqual({
      digest,
      tags: ['v1.0.0', 'latest'],
    });
    const puts = server.seen.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual(['/v2/o/app/manifests/v1.0.0', '/v2/o/app/manifests/latest']);
    for (const put of puts) {
      expect(put.body.equals(manifest)).toBe(true);
      expect(put.contentType).toBe(MEDIA_TYPES.ociIndex);
    }
    const scopes = server.seen
      .filter((r) => r.path.startsWith('/token'))
      .map((r) => new URL(r.path, 'http://x').searchParams.getAll('scope'));
    expect(scopes).toEqual([['repository:o/app:pull'], ['repository:o/app:pull,push']]);
    expect(client.stats.blobRequests).toBe(0);
  });

  it('re-authenticates once when a token stops being accepted', async () => {
    const server = await fake(ghcrLike({ password: 'pw', expireFirstToken: true }));
    const client = new RegistryClient({ username: 'octocat', password: 'pw', ...fast });
    await client.resolve(`${server.host}/o/app:v1`);
    expect(await client.resolve(`${server.host}/o/app:v1`)).toEqual({ digest, mediaType: MEDIA_TYPES.ociIndex });
    expect(server.seen.filter((r) => r.path.startsWith('/token'))).toHaveLength(2);
  });

  it('gives the GHCR permissions hint for ghcr.io only', () => {
    expect(new RegistryAuthError('ghcr.io', 403, 'DENIED').message).toBe(
      `Registry ghcr.io refused access (403: DENIED). ${GHCR_PERMISSION_HINT}`,
    );
    expect(GHCR_PERMISSION_HINT).toContain('permissions: packages: write');
    for (const registry of ['registry.example.com', 'docker.io', '127.0.0.1:5000']) {
      const message = new RegistryAuthError(registry, 401, '').message;
      expect(message).toBe(
        `Registry ${registry} refused access (401). Check the credentials given for ${registry} and that they may access this repository.`,
      );
      expect(message).not.toContain('packages: write');
    }
  });

  it('refuses wrong credentials with the permissions hint, without the password', async () => {
    const server = await fake(ghcrLike({ password: 'right' }));
    const client = new RegistryClient({ username: 'octocat', password: 'wrong-password-123', ...fast });
    const error = await client.resolve(`${server.host}/o/app:v1`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect((error as Error).message).toContain(`Check the credentials given for ${server.host}`);
    expect((error as Error).message).not.toContain('wrong-password-123');
  });

  it('never sends credentials to a plain-HTTP token realm off this machine', async () => {
    const server = await fake((_request, res) =>
      reply(res, 401, { 'WWW-Authenticate': 'Bearer realm="http://auth.example.com/token",service="x"' }),
    );
    const client = new RegistryClient({ username: 'u', password: 'p', ...fast });
    await expect(client.resolve(`${server.host}/o/app:v1`)).rejects.toThrow('not HTTPS; refusing to send them');
    expect(server.seen).toHaveLength(1);
  });
});

describe('basic auth and refusals', () => {
  it('answers a Basic challenge with user:password', async () => {
    const server = await fake((request, res) => {
      if (request.authorization !== basic('u', 'p')) return reply(res, 401, { 'WWW-Authenticate': 'Basic realm="r"' });
      serveManifest(res, request);
    });
    const client = new RegistryClient({ username: 'u', password: 'p', ...fast });
    expect((await client.getManifest(`${server.host}/o/app:v1`)).bytes.equals(manifest)).toBe(true);
    expect(await client.resolve(`${server.host}/o/app:v1`)).toBeDefined();
    // One 401 to learn the scheme, then credentials go with every request.
    expect(server.seen.map((r) => r.authorization === undefined)).toEqual([true, false, false]);
  });

  it('reports a 401 with no credentials to offer, and a 403, as auth errors', async () => {
    const basicOnly = await fake((_request, res) => reply(res, 401, { 'WWW-Authenticate': 'Basic realm="r"' }));
    await expect(new RegistryClient(fast).listTags(`${basicOnly.host}/o/app`)).rejects.toBeInstanceOf(
      RegistryAuthError,
    );
    const forbidden = await fake((_request, res) =>
      reply(res, 403, {}, '{"errors":[{"code":"DENIED","message":"permission_denied: write_package"}]}'),
    );
    await expect(
      new RegistryClient(fast).putManifest(
        { registry: forbidden.host, repository: 'o/app', tag: 'v1' },
        { bytes: manifest, mediaType: MEDIA_TYPES.ociIndex },
      ),
    ).rejects.toThrow(
      `refused access (403: DENIED: permission_denied: write_package). Check the credentials given for ${forbidden.host}`,
    );
    expect(forbidden.seen).toHaveLength(1);
  });
});

describe('retries and failures', () => {
  it('retries 5xx and 429 on GET, HEAD and manifest PUT, then succeeds', async () => {
    const failures = new Map<string, number>();
    const server = await fake((request, res) => {
      const key = `${request.method} ${request.path}`;
      const failed = failures.get(key) ?? 0;
      if (failed < 2) {
        failures.set(key, failed + 1);
        return failed === 0 ? reply(res, 503) : reply(res, 429, { 'Retry-After': '0' });
      }
      serveManifest(res, request);
    });
    const lines: string[] = [];
    const client = new RegistryClient({ ...fast, log: (line) => lines.push(line) });
    expect(await client.promote(`${server.host}/o/app:a`, ['b'])).toEqual({ digest, tags: ['b'] });
    expect(await client.resolve(`${server.host}/o/app:a`)).toEqual({ digest, mediaType: MEDIA_TYPES.ociIndex });
    expect(server.seen.map((r) => r.method)).toEqual([
      'GET',
      'GET',
      'GET',
      'PUT',
      'PUT',
      'PUT',
      'HEAD',
      'HEAD',
      'HEAD',
    ]);
    expect(lines.some((line) => line.includes('attempt 2 of 3'))).toBe(true);
  });

  it('gives up after the last attempt with the status and the registry error', async () => {
    const server = await fake((_request, res) =>
      reply(res, 500, {}, '{"errors":[{"code":"UNKNOWN","message":"disk full"}]}'),
    );
    const error = await new RegistryClient(fast).listTags(`${server.host}/o/app`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toMatch(/answered 500 .* \(UNKNOWN: disk full\)/);
    expect(server.seen).toHaveLength(3);
  });

  it('reports a closed port as unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await new RegistryClient(fast).resolve(`127.0.0.1:${port}/o/app:v1`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnreachableError);
    expect((error as Error).message).toBe(
      `Cannot reach registry 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('times out a registry that never answers', async () => {
    const server = await fake(() => undefined);
    const client = new RegistryClient({ timeoutMs: 200, retry: { attempts: 2, initialDelayMs: 1 } });
    await expect(client.resolve(`${server.host}/o/app:v1`)).rejects.toThrow(
      /Cannot reach registry .*: No answer from .* within 200ms/,
    );
    expect(server.seen).toHaveLength(2);
  });
});

describe('tag lists', () => {
  it('follows Link pagination (the real registry 2.8 does not paginate) and stops on a loop', async () => {
    const pages: Record<string, { tags: string[]; next?: string }> = {
      '/v2/o/app/tags/list?n=1000': { tags: ['a', 'b'], next: '/v2/o/app/tags/list?last=b&n=1000' },
      '/v2/o/app/tags/list?last=b&n=1000': { tags: ['c'], next: '/v2/o/app/tags/list?last=c&n=1000' },
      '/v2/o/app/tags/list?last=c&n=1000': { tags: ['d'], next: '/v2/o/app/tags/list?last=b&n=1000' },
    };
    const server = await fake((request, res) => {
      const page = pages[request.path];
      if (!page) return reply(res, 404);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (page.next) headers.Link = `<${page.next}>; rel="next"`;
      reply(res, 200, headers, JSON.stringify({ name: 'o/app', tags: page.tags }));
    });
    expect(await new RegistryClient(fast).listTags(`${server.host}/o/app`)).toEqual(['a', 'b', 'c', 'd']);
    expect(server.seen).toHaveLength(3);
  });

  it.each([
    ['another port', (other: string) => `http://${other}/v2/o/app/tags/list?last=b`],
    ['another scheme', (_other: string, self: string) => `https://${self}/v2/o/app/tags/list?last=b`],
    ['another host', () => 'https://registry.example.com/v2/o/app/tags/list?last=b'],
  ])('refuses a pagination link to %s, sending it nothing', async (_name, link) => {
    const elsewhere = await fake((_request, res) => reply(res, 200, {}, '{"name":"o/app","tags":["stolen"]}'));
    const server = await fake((request, res) => {
      if (request.authorization !== basic('u', 'p')) return reply(res, 401, { 'WWW-Authenticate': 'Basic realm="r"' });
      reply(res, 200, { Link: `<${link(elsewhere.host, server.host)}>; rel="next"` }, '{"name":"o/app","tags":["a"]}');
    });
    const error = await new RegistryClient({ username: 'u', password: 'p', ...fast })
      .listTags(`${server.host}/o/app`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Registry ${server.host} sent a link to \\S+, another origin than its own \\(http://${server.host}\\); not following it`,
      ),
    );
    expect(elsewhere.seen).toEqual([]);
    expect(server.seen).toHaveLength(2);
  });

  it('reads a null tag list as empty', async () => {
    const server = await fake((_request, res) => reply(res, 200, {}, '{"name":"o/app","tags":null}'));
    expect(await new RegistryClient(fast).listTags(`${server.host}/o/app`)).toEqual([]);
  });
});

describe('manifest answers', () => {
  it('falls back to GET when HEAD carries no digest, and undefined on 404', async () => {
    const server = await fake((request, res) => {
      if (request.path.endsWith('/missing')) return reply(res, 404, {}, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      if (request.method === 'HEAD') return reply(res, 200, { 'Content-Type': MEDIA_TYPES.ociIndex });
      serveManifest(res, request);
    });
    const client = new RegistryClient(fast);
    expect(await client.resolve(`${server.host}/o/app:v1`)).toEqual({ digest, mediaType: MEDIA_TYPES.ociIndex });
    expect(await client.resolve(`${server.host}/o/app:missing`)).toBeUndefined();
    await expect(client.getManifest(`${server.host}/o/app:missing`)).rejects.toThrow(
      `Image ${server.host}/o/app:missing was not found`,
    );
  });

  it('refuses a manifest whose bytes do not match the digest asked for', async () => {
    const server = await fake((_request, res) =>
      reply(res, 200, { 'Content-Type': MEDIA_TYPES.ociIndex }, '{"tampered":true}'),
    );
    await expect(new RegistryClient(fast).getManifest(`${server.host}/o/app@${digest}`)).rejects.toThrow(
      `not ${digest}`,
    );
  });
});
