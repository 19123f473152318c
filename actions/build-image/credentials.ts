import { isGhcr } from '@deploy-kit/registry';
import type { BuildImageInputs } from './inputs';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** Where the password came from; `none` means anonymous requests and docker's own stored login. */
  source: 'registry-password' | 'github-token' | 'none';
}

/**
 * The credentials for the registry `image` names. The job's GitHub token is
 * only good for (and only sent to) ghcr.io: handing it to any other host
 * would leak it to whoever runs that registry. Elsewhere only an explicit
 * `registry-password` is sent; without one the registry is spoken to
 * anonymously and `docker push` uses whatever login docker already holds.
 */
export function registryCredentials(
  inputs: Pick<BuildImageInputs, 'username' | 'password' | 'githubToken'>,
  registry: string,
  actor: string,
): RegistryCredentials {
  const username = inputs.username ?? actor;
  if (inputs.password) return { username, password: inputs.password, source: 'registry-password' };
  if (inputs.githubToken && isGhcr(registry)) return { username, password: inputs.githubToken, source: 'github-token' };
  return { source: 'none' };
}

/** Said with a refusal when nothing was sent, so the fix is obvious. */
export function noCredentialsNote(registry: string, githubTokenGiven: boolean): string {
  if (githubTokenGiven && !isGhcr(registry)) {
    return `No credentials were sent to ${registry}: registry-password is empty, and github-token is only sent to ghcr.io.`;
  }
  return `No credentials were sent to ${registry}: registry-password${isGhcr(registry) ? ' and github-token are' : ' is'} empty.`;
}
