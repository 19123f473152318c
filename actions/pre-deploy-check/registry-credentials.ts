import { parseImageReference } from '@deploy-kit/registry';

/**
 * Credentials for the image's registry. GHCR accepts the workflow's token, so
 * for ghcr.io images the password defaults to `github-token`; any other
 * registry gets only what was given, so the GitHub token never reaches a
 * third party. The user defaults to the workflow's actor.
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
    registry = undefined; // the image check reports the bad reference
  }
  const password = given.password ?? (registry === 'ghcr.io' ? given.githubToken : undefined);
  if (password === undefined) return given.username ? { username: given.username } : {};
  return { username: given.username ?? (actor || 'x-access-token'), password };
}
