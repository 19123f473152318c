import { UserError } from '@deploy-kit/action-kit';

// https://github.com/distribution/reference: a tag is at most 128 characters.
const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Tags the planner moves itself; a release may not be named like one. */
const RESERVED_TAGS = new Set(['latest', 'staging']);

export function isValidDockerTag(tag: string): boolean {
  return DOCKER_TAG.test(tag);
}

/** "sha-" + the first 7 characters of the commit sha. */
export function shaTagFor(sha: string): string {
  return `sha-${sha.slice(0, 7).toLowerCase()}`;
}

export interface VersionTag {
  tag: string;
  /** Set when the version had to be rewritten to be a valid tag. */
  notice?: string;
}

/**
 * The docker tag a release version is pushed as: semver build metadata
 * (`+build.5`) is not allowed in docker tags, so `+` becomes `-`. Throws
 * UserError for anything else that breaks the tag grammar.
 */
export function toDockerTag(version: string): string {
  return versionTag(version).tag;
}

/**
 * toDockerTag, plus the notice to show when the version was rewritten.
 * Other grammar breaks are refused rather than guessed at.
 */
export function versionTag(version: string): VersionTag {
  const tag = version.replaceAll('+', '-');
  if (!isValidDockerTag(tag)) {
    throw new UserError(
      `Version "${version}" cannot be used as a docker tag: tags are 1-128 characters of letters, digits, "_", "." and "-", and may not start with "." or "-"`,
    );
  }
  if (RESERVED_TAGS.has(tag) || /^sha-[0-9a-f]{7}$/.test(tag)) {
    throw new UserError(`Version "${version}" would collide with the "${tag}" tag that deploy-kit moves itself`);
  }
  if (tag === version) return { tag };
  return {
    tag,
    notice: `Docker tags cannot contain "+": version ${version} is tagged ${tag} (build metadata "+" rewritten to "-")`,
  };
}
