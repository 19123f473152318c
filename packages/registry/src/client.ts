import { sha256Digest } from './digest';
import { RegistryError } from './errors';
import { nextLink } from './link';
import { MANIFEST_ACCEPT, manifestMediaType } from './media-types';
import {
  formatImageReference,
  isValidTag,
  manifestReference,
  toImageReference,
  type ImageReference,
} from './reference';
import { RegistryTransport, unexpectedStatus } from './transport';

export interface RegistryClientOptions {
  username?: string;
  password?: string;
  /**
   * Credentials per registry host, used instead of username/password when
   * given: which secret a registry may see depends on who runs it.
   */
  credentialsFor?: (registry: string) => { username?: string; password?: string };
  /** Per request, body included. Default 30s. */
  timeoutMs?: number;
  /** Receives one line per request (for debug output). Never given secrets. */
  log?: (line: string) => void;
  /** Attempts per request, the first included (default 4), and the first backoff delay (default 500ms). */
  retry?: { attempts?: number; initialDelayMs?: number };
  /** Called with each bearer token obtained, so an action can mask it. */
  onSecret?: (value: string) => void;
  /** Tags asked for per tags/list page (default 1000); pagination follows the registry's Link header. */
  tagsPageSize?: number;
}

export interface Manifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

// Keeps pagination finite even if a registry's Link header loops.
const MAX_TAG_PAGES = 1000;

/**
 * A client for the OCI distribution API: resolve tags to digests, list tags,
 * and copy manifests between tags. Promotion never touches a blob: the
 * manifest's bytes are PUT back unchanged, so the digest cannot change.
 */
export class RegistryClient {
  readonly stats = { requests: 0, blobRequests: 0 };
  private readonly transports = new Map<string, RegistryTransport>();

  constructor(private readonly options: RegistryClientOptions = {}) {}

  private transport(registry: string): RegistryTransport {
    let transport = this.transports.get(registry);
    if (!transport) {
      const { options } = this;
      const credentials = options.credentialsFor?.(registry) ?? options;
      transport = new RegistryTransport(registry, {
        username: credentials.username,
        password: credentials.password,
        timeoutMs: options.timeoutMs ?? 30_000,
        attempts: options.retry?.attempts ?? 4,
        initialDelayMs: options.retry?.initialDelayMs ?? 500,
        log: options.log ?? (() => undefined),
        onSecret: options.onSecret ?? (() => undefined),
        stats: this.stats,
      });
      this.transports.set(registry, transport);
    }
    return transport;
  }

  /** The digest and media type a tag (or digest) points at; undefined when it does not exist. */
  async resolve(ref: string | ImageReference): Promise<{ digest: string; mediaType: string } | undefined> {
    const image = toImageReference(ref);
    const { response, body } = await this.transport(image.registry).request({
      method: 'HEAD',
      path: manifestPath(image),
      scopes: [pullScope(image)],
      headers: { Accept: MANIFEST_ACCEPT },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw unexpectedStatus(image.registry, `HEAD ${formatImageReference(image)}`, response, body);
    const digest = response.headers.get('docker-content-digest');
    const contentType = response.headers.get('content-type');
    if (digest && contentType && contentType.split(';')[0] !== 'application/json') {
      return { digest, mediaType: manifestMediaType(contentType, Buffer.alloc(0)) };
    }
    // Some registries leave the digest (or a real content type) off HEAD answers: read the manifest.
    const manifest = await this.fetchManifest(image);
    return manifest && { digest: manifest.digest, mediaType: manifest.mediaType };
  }

  /** Every tag of the repository, following Link pagination; [] when the repository does not exist. */
  async listTags(image: string | ImageReference): Promise<string[]> {
    const ref = toImageReference(image);
    const transport = this.transport(ref.registry);
    const tags: string[] = [];
    const seen = new Set<string>();
    let path: string | undefined = `/v2/${ref.repository}/tags/list?n=${this.options.tagsPageSize ?? 1000}`;
    for (let page = 0; path && page < MAX_TAG_PAGES && !seen.has(path); page++) {
      seen.add(path);
      const { response, body, url } = await transport.request({
        method: 'GET',
        path,
        scopes: [pullScope(ref)],
        headers: { Accept: 'application/json' },
      });
      if (response.status === 404) return tags;
      if (!response.ok)
        throw unexpectedStatus(ref.registry, `listing the tags of ${ref.registry}/${ref.repository}`, response, body);
      tags.push(...readTags(ref.registry, body));
      path = nextLink(response.headers.get('link'), url);
    }
    return tags;
  }

  /** The manifest's exact bytes, media type and digest; a RegistryError when it does not exist. */
  async getManifest(ref: string | ImageReference): Promise<Manifest> {
    const image = toImageReference(ref);
    const manifest = await this.fetchManifest(image);
    if (!manifest) throw new RegistryError(`Image ${formatImageReference(image)} was not found in the registry`, 404);
    return manifest;
  }

  private async fetchManifest(image: ImageReference): Promise<Manifest | undefined> {
    const { response, body } = await this.transport(image.registry).request({
      method: 'GET',
      path: manifestPath(image),
      scopes: [pullScope(image)],
      headers: { Accept: MANIFEST_ACCEPT },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw unexpectedStatus(image.registry, `GET ${formatImageReference(image)}`, response, body);
    const digest = sha256Digest(body);
    const claimed = response.headers.get('docker-content-digest');
    const expected = image.digest ?? (claimed?.startsWith('sha256:') ? claimed : undefined);
    if (expected && expected !== digest) {
      throw new RegistryError(
        `Registry ${image.registry} sent a manifest for ${formatImageReference(image)} whose digest is ${digest}, not ${expected}`,
      );
    }
    return { bytes: body, mediaType: manifestMediaType(response.headers.get('content-type'), body), digest };
  }

  /**
   * A small blob's bytes (an image config), checked against its digest; a
   * RegistryError when it does not exist or is larger than maxBytes.
   */
  async getBlob(ref: string | ImageReference, digest: string, maxBytes = 1024 * 1024): Promise<Buffer> {
    const image = toImageReference(ref);
    const { response, body } = await this.transport(image.registry).request({
      method: 'GET',
      path: `/v2/${image.repository}/blobs/${digest}`,
      scopes: [pullScope(image)],
    });
    const what = `blob ${digest} of ${image.registry}/${image.repository}`;
    if (!response.ok) throw unexpectedStatus(image.registry, `GET ${what}`, response, body);
    if (body.length > maxBytes)
      throw new RegistryError(
        `Registry ${image.registry} sent ${body.length} bytes for ${what}, more than ${maxBytes}`,
      );
    if (digest.startsWith('sha256:') && sha256Digest(body) !== digest) {
      throw new RegistryError(`Registry ${image.registry} sent ${what} with another digest (${sha256Digest(body)})`);
    }
    return body;
  }

  /** PUTs a manifest under a tag, byte for byte, and returns its digest. */
  async putManifest(ref: ImageReference, manifest: { bytes: Buffer; mediaType: string }): Promise<string> {
    if (!ref.tag) throw new RegistryError(`putManifest needs a tag (got ${formatImageReference(ref)})`);
    if (!isValidTag(ref.tag)) throw new RegistryError(`"${ref.tag}" is not a valid tag`);
    const target: ImageReference = { registry: ref.registry, repository: ref.repository, tag: ref.tag };
    const { response, body } = await this.transport(ref.registry).request({
      method: 'PUT',
      path: manifestPath(target),
      scopes: [pushScope(target)],
      headers: { 'Content-Type': manifest.mediaType },
      body: manifest.bytes,
    });
    if (response.status !== 201 && response.status !== 200) {
      throw unexpectedStatus(ref.registry, `PUT ${formatImageReference(target)}`, response, body);
    }
    const digest = sha256Digest(manifest.bytes);
    const stored = response.headers.get('docker-content-digest');
    if (stored && stored.startsWith('sha256:') && stored !== digest) {
      throw new RegistryError(
        `Registry ${ref.registry} stored ${formatImageReference(target)} as ${stored}, not the ${digest} that was sent`,
      );
    }
    return digest;
  }

  /**
   * Points each tag at the source's manifest without building or pulling:
   * fetch the manifest once (any media type, index stays index), PUT the
   * identical bytes with the same Content-Type under every tag.
   */
  async promote(source: string | ImageReference, tags: string[]): Promise<{ digest: string; tags: string[] }> {
    const from = toImageReference(source);
    const invalid = tags.filter((tag) => !isValidTag(tag));
    if (invalid.length) throw new RegistryError(`Cannot promote to invalid tag(s): ${invalid.join(', ')}`);
    const manifest = await this.getManifest(from);
    for (const tag of tags) {
      await this.putManifest({ registry: from.registry, repository: from.repository, tag }, manifest);
    }
    return { digest: manifest.digest, tags: [...tags] };
  }
}

function manifestPath(image: ImageReference): string {
  return `/v2/${image.repository}/manifests/${manifestReference(image)}`;
}

function pullScope(image: ImageReference): string {
  return `repository:${image.repository}:pull`;
}

function pushScope(image: ImageReference): string {
  return `repository:${image.repository}:pull,push`;
}

function readTags(registry: string, body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { tags?: unknown };
    if (parsed.tags === null || parsed.tags === undefined) return [];
    if (Array.isArray(parsed.tags)) return parsed.tags.filter((tag): tag is string => typeof tag === 'string');
  } catch {
    // Fall through to the error below.
  }
  throw new RegistryError(`Registry ${registry} sent an unreadable tag list`);
}
