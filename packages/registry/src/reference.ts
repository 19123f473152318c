import { UserError } from '@deploy-kit/action-kit';

/** A parsed image reference: `registry/repository[:tag][@digest]`. */
export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';

// The grammar of github.com/distribution/reference, written out piece by piece.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_NAME =
  /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::\d+)?$/;
const DOMAIN_IPV6 = /^\[[0-9a-fA-F:.]+\](?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;

function invalid(ref: string, why: string): UserError {
  return new UserError(`Invalid image reference "${ref}": ${why}`);
}

/** Whether a Docker tag is valid (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`). */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/**
 * Parses an image reference as Docker does: `nginx` is
 * `docker.io/library/nginx`, the first path part is a registry when it holds a
 * `.` or `:` or is `localhost`. Upper case in the repository is refused
 * (GHCR and Docker reject it) with the lower-case spelling suggested.
 */
export function parseImageReference(ref: string): ImageReference {
  const text = ref.trim();
  if (text === '') throw invalid(ref, 'it is empty');
  if (/\s/.test(text)) throw invalid(ref, 'it contains white space');
  if (/^[a-z]+:\/\//i.test(text)) throw invalid(ref, 'leave out the scheme (write "ghcr.io/owner/image", not a URL)');

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(ref, `"${digest}" is not a digest such as sha256:<64 hex digits>`);
    if (digest.startsWith('sha256:') && !SHA256_DIGEST.test(digest)) {
      throw invalid(ref, 'a sha256 digest is 64 lower-case hex digits');
    }
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      throw invalid(
        ref,
        `"${tag}" is not a valid tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`,
      );
    }
  }

  const { registry, path } = splitRegistry(rest);
  if (registry !== undefined && !DOMAIN_NAME.test(registry) && !DOMAIN_IPV6.test(registry)) {
    throw invalid(ref, `"${registry}" is not a valid registry host`);
  }
  if (path === '') throw invalid(ref, 'the repository name is missing');
  if (path !== path.toLowerCase()) {
    throw invalid(
      ref,
      `repository names must be lower case (registries reject "${path}"; use "${path.toLowerCase()}")`,
    );
  }
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      throw invalid(
        ref,
        `"${component}" is not a valid repository path component (lower-case letters, digits and single separators . _ __ -)`,
      );
    }
  }

  const host = normalizeRegistry(registry ?? DOCKER_HUB);
  const repository = host === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  if (`${host}/${repository}`.length > MAX_NAME_LENGTH)
    throw invalid(ref, `the name is longer than ${MAX_NAME_LENGTH} characters`);

  const parsed: ImageReference = { registry: host, repository };
  if (tag !== undefined) parsed.tag = tag;
  if (digest !== undefined) parsed.digest = digest;
  return parsed;
}

function splitRegistry(name: string): { registry?: string; path: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { path: name };
  const first = name.slice(0, slash);
  const isRegistry =
    first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
  return isRegistry ? { registry: first, path: name.slice(slash + 1) } : { path: name };
}

function normalizeRegistry(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? DOCKER_HUB : lower;
}

/** `registry/repository[:tag][@digest]`, always with the registry spelled out. */
export function formatImageReference(ref: ImageReference): string {
  return `${imageName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** `registry/repository`, without tag or digest. */
export function imageName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Accepts either form callers hold; strings are parsed (and validated). */
export function toImageReference(ref: string | ImageReference): ImageReference {
  return typeof ref === 'string' ? parseImageReference(ref) : ref;
}

/** The tag or digest a manifest request names: the digest wins, `latest` when neither. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}
