import { parseImageReference, registryCredentials as credentialsFor } from '@deploy-kit/registry';

/**
 * Credentials for the image's registry, by the rule every action follows
 * (github-token for ghcr.io only). An unreadable reference gets none: the
 * image check reports it.
 */
export function registryCredentials(
  image: string | undefined,
  given: { username?: string | undefined; password?: string | undefined; githubToken: string },
  actor: string,
): { username?: string; password?: string } {
  let registry: string | undefined;
  try {
    registry = image ? parseImageReference(image).registry : undefined;
  } catch {
    registry = undefined;
  }
  if (registry === undefined)
    return given.password ? { username: given.username || actor, password: given.password } : {};
  const { source: _source, ...credentials } = credentialsFor(registry, given, actor);
  return credentials;
}
