import { UserError } from '@deploy-kit/action-kit';
import {
  asBuildMetadataRelease,
  compareVersions,
  parseVersion,
  versionTag,
  type ReleasePlan,
} from '@deploy-kit/release-plan';
import { imageName, type ImageReference, type RegistryClient } from '@deploy-kit/registry';

/**
 * Registry tags that read as prereleases but stand for full releases: a
 * release `v1.1.0+build.5` is pushed as `v1.1.0-build.5`, and the tag alone
 * cannot tell. `latest` (and `vX.Y`, `vX`) only ever move to full releases,
 * so such a tag that shares a digest with one of them was a full release.
 * Only tags whose full reading is above `version` are looked at (only they
 * could hold a moving tag back), by HEAD: no manifest body, no blob.
 */
export async function findKnownFullReleases(
  registry: RegistryClient,
  image: ImageReference,
  version: string,
  existingTags: readonly string[],
  semverTags: boolean,
): Promise<string[]> {
  const semver = parseVersion(version);
  if (!semver) return [];
  const candidates = existingTags.filter((tag) => {
    const release = asBuildMetadataRelease(tag);
    return release !== null && compareVersions(release, version) > 0;
  });
  if (!candidates.length) return [];
  const prefix = version.startsWith('v') ? 'v' : '';
  const moving = [
    'latest',
    ...(semverTags ? [`${prefix}${semver.major}.${semver.minor}`, `${prefix}${semver.major}`] : []),
  ];
  const fullDigests = new Set<string>();
  for (const tag of moving.filter((t) => existingTags.includes(t))) {
    const found = await registry.resolve({ ...image, tag });
    if (found) fullDigests.add(found.digest);
  }
  if (!fullDigests.size) return [];
  const known: string[] = [];
  for (const tag of candidates) {
    const found = await registry.resolve({ ...image, tag });
    if (found && fullDigests.has(found.digest)) known.push(tag);
  }
  return known;
}

/**
 * A release tag names one image forever: pushing `v1.0.0` again from another
 * commit would silently change what everyone pinned to it runs. Allowed only
 * when the tag already points at this commit's `sha-` image (a re-run of the
 * same release). Checked before anything is built or pushed.
 */
export async function refuseMovingReleaseTag(
  registry: RegistryClient,
  image: ImageReference,
  plan: ReleasePlan,
  existingTags: readonly string[],
): Promise<void> {
  const { tag } = versionTag(plan.version);
  if (!existingTags.includes(tag)) return;
  const current = await registry.resolve({ ...image, tag });
  if (!current) return;
  const own = existingTags.includes(plan.shaTag) ? await registry.resolve({ ...image, tag: plan.shaTag }) : undefined;
  if (own?.digest === current.digest) return;
  const name = imageName(image);
  throw new UserError(
    `${name}:${tag} already exists at ${current.digest}, ${
      own
        ? `a different image than this commit's ${plan.shaTag} (${own.digest})`
        : `and was not built from this commit (there is no ${plan.shaTag})`
    }. A release tag is never moved to another image: release a new version, or delete ${tag} from the registry if it was pushed by mistake.`,
  );
}
