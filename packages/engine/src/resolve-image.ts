import { InputError, UserError } from '@deploy-kit/action-kit';
import type { GivenRegistryCredentials, RegistryClient } from '@deploy-kit/registry';
import {
  formatImageReference,
  parseImageReference,
  registryCredentials,
  type ImageReference,
} from '@deploy-kit/registry';

export interface ResolvedImage {
  /** As the user named it. */
  image: string;
  reference: ImageReference;
  digest: string;
  /** `registry/repository@sha256:…`: what the target will run. */
  imageRef: string;
}

/** Parses an image input, naming the input when it is not a valid reference. */
export function parseImageInput(input: string, value: string): ImageReference {
  try {
    return parseImageReference(value);
  } catch (error) {
    throw new InputError(input, `is not a valid image reference: ${(error as Error).message}`);
  }
}

/**
 * Pins an image to its digest through the registry: a tag can move between
 * now and the host's pull, a digest cannot. A digest given by the user is
 * checked to exist. Nothing is deployed or recorded when this fails.
 */
export async function resolveImage(
  image: string,
  reference: ImageReference,
  registry: RegistryClient,
): Promise<ResolvedImage> {
  const resolved = await registry.resolve(reference);
  if (!resolved) {
    throw new UserError(
      `Image ${formatImageReference(reference)} was not found in the registry (no such tag or digest)`,
    );
  }
  if (reference.digest && resolved.digest !== reference.digest) {
    throw new UserError(`The registry answered digest ${resolved.digest} for ${image}, not the digest asked for`);
  }
  const pinned: ImageReference = {
    registry: reference.registry,
    repository: reference.repository,
    digest: resolved.digest,
  };
  return { image, reference, digest: resolved.digest, imageRef: formatImageReference(pinned) };
}

/** What the target host may log into a registry with (registry-login true). */
export interface HostLogin {
  given: GivenRegistryCredentials;
  actor: string | undefined;
}

/**
 * Credentials for the target host's `docker login` before its pull, by the
 * same rule as every registry request (github-token for ghcr.io only);
 * undefined when there is no login to do.
 */
export function registryAuthFor(
  reference: ImageReference,
  login: HostLogin | undefined,
): { registry: string; username: string; password: string } | undefined {
  if (!login) return undefined;
  const { username, password } = registryCredentials(reference.registry, login.given, login.actor);
  if (!username || !password) return undefined;
  return { registry: reference.registry, username, password };
}
