import { formatImageReference, parseImageReference, type RegistryClient } from '@deploy-kit/registry';
import { oneLine, type CheckContext, type CheckResult } from '../types';

export interface ImageCheckResult extends CheckResult {
  digest?: string;
}

/** The image (by tag or digest) exists in its registry and resolves to a digest. */
export async function checkImage({ inputs }: CheckContext, registry: RegistryClient): Promise<ImageCheckResult> {
  const check = 'image resolves';
  if (!inputs.image) return { check, outcome: 'skipped', detail: 'no `image` given' };
  try {
    const image = parseImageReference(inputs.image);
    const name = formatImageReference(image);
    if (image.tag && image.digest) {
      // Pinned and tagged: both must exist and agree, or the tag was moved.
      const byTag = await registry.resolve({ ...image, digest: undefined });
      if (!byTag)
        return {
          check,
          outcome: 'failed',
          detail: `tag ${image.tag} of ${image.registry}/${image.repository} does not exist`,
        };
      if (byTag.digest !== image.digest)
        return {
          check,
          outcome: 'failed',
          detail: `${image.tag} now points to ${byTag.digest}, not the pinned ${image.digest}`,
        };
    }
    const resolved = await registry.resolve(image);
    if (!resolved) return { check, outcome: 'failed', detail: `${name} was not found in the registry` };
    return { check, outcome: 'passed', detail: `${name} -> ${resolved.digest}`, digest: resolved.digest };
  } catch (error) {
    return { check, outcome: 'failed', detail: oneLine(error) };
  }
}

/** The tag of an image reference, used as the version when none is given. */
export function imageTag(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  try {
    return parseImageReference(reference).tag;
  } catch {
    return undefined;
  }
}
