import { isGhcr } from './errors';
import { parseImageReference } from './reference';

/** What a workflow gave for a registry: the registry-* inputs and the job's GitHub token. */
export interface GivenRegistryCredentials {
  username?: string | undefined;
  password?: string | undefined;
  githubToken?: string | undefined;
}

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** Where the password came from; `none` means anonymous requests (and the host's own stored login). */
  source: 'registry-password' | 'github-token' | 'none';
}

/**
 * The one rule for every action: the job's GitHub token is a registry
 * password only for ghcr.io (the only registry that accepts it, and handing
 * it to any other host would leak it to whoever runs that registry). Any
 * other registry gets `registry-password` when given, else no credentials.
 * The user name defaults to the workflow's actor.
 */
export function registryCredentials(
  registry: string,
  given: GivenRegistryCredentials,
  actor: string | undefined,
): RegistryCredentials {
  const username = given.username || actor || 'x-access-token';
  if (given.password) return { username, password: given.password, source: 'registry-password' };
  if (given.githubToken && isGhcr(registry)) return { username, password: given.githubToken, source: 'github-token' };
  return { source: 'none' };
}

/** Said with a refusal when nothing was sent, so the fix is obvious. */
export function noCredentialsNote(registry: string, githubTokenGiven: boolean): string {
  if (githubTokenGiven && !isGhcr(registry)) {
    return `No credentials were sent to ${registry}: registry-password is empty, and github-token is only sent to ghcr.io.`;
  }
  return `No credentials were sent to ${registry}: registry-password${isGhcr(registry) ? ' and github-token are' : ' is'} empty.`;
}

/**
 * The same rule for an image reference rather than a registry host (pre-deploy-check's case): the
 * credentials its registry may see. An unreadable reference gets only an explicit registry password
 * (the image check reports the reference itself).
 */
export function registryCredentialsForImage(
  image: string | undefined,
  given: GivenRegistryCredentials,
  actor: string | undefined,
): { username?: string; password?: string } {
  let registry: string | undefined;
  try {
    registry = image ? parseImageReference(image).registry : undefined;
  } catch {
    registry = undefined;
  }
  if (registry === undefined) {
    return given.password ? { username: given.username || actor || 'x-access-token', password: given.password } : {};
  }
  const { source: _source, ...credentials } = registryCredentials(registry, given, actor);
  return credentials;
}
