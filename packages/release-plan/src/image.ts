import { UserError } from '@deploy-kit/action-kit';

// Grammar from https://github.com/distribution/reference (lower-case path
// components only; a registry host may carry a port).
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const REGISTRY_HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

/** Splits and checks "owner/repo" (GITHUB_REPOSITORY). */
export function parseRepository(repository: string): { owner: string; name: string } {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(repository.trim());
  if (!match?.[1] || !match[2]) {
    throw new UserError(`Repository "${repository}" is not of the form owner/repo (GITHUB_REPOSITORY)`);
  }
  return { owner: match[1], name: match[2] };
}

/** ghcr.io/<owner>/<repo>, lower-cased because GHCR rejects upper-case names. */
export function defaultImage(repository: string): string {
  const { owner, name } = parseRepository(repository);
  const image = `ghcr.io/${owner}/${name}`.toLowerCase();
  if (!isValidImagePath(image.split('/').slice(1))) {
    throw new UserError(
      `Repository name "${name}" cannot be used as an image name (${image}); set the image explicitly, e.g. ghcr.io/${owner.toLowerCase()}/app`,
    );
  }
  return image;
}

function isValidImagePath(components: readonly string[]): boolean {
  return components.length > 0 && components.every((c) => PATH_COMPONENT.test(c));
}

/**
 * Checks an image name given by the user. We refuse rather than lower-case it:
 * the user named this image explicitly, and silently pushing somewhere else
 * would be worse than a clear error.
 */
export function validateImage(image: string): string {
  const trimmed = image.trim();
  if (trimmed === '') throw new UserError('Image name is empty');
  const components = trimmed.split('/');
  const hasHost = components.length > 1 && /[.:]|^localhost$/.test(components[0] ?? '');
  const host = hasHost ? components[0] : undefined;
  const path = hasHost ? components.slice(1) : components;
  const last = path[path.length - 1] ?? '';
  if (last.includes('@') || last.includes(':')) {
    throw new UserError(`Image "${trimmed}" must be a name without a tag or digest (deploy-kit decides the tags)`);
  }
  if (trimmed !== trimmed.toLowerCase()) {
    throw new UserError(
      `Image "${trimmed}" contains upper-case letters; registries such as GHCR reject them. Use "${trimmed.toLowerCase()}"`,
    );
  }
  if (
    (host !== undefined && !REGISTRY_HOST.test(host)) ||
    path.length === 0 ||
    !path.every((c) => PATH_COMPONENT.test(c))
  ) {
    throw new UserError(
      `Image "${trimmed}" is not a valid image name: expected [registry/]path with lower-case letters, digits and separators ".", "_", "__" or "-", e.g. ghcr.io/owner/app`,
    );
  }
  return trimmed;
}
