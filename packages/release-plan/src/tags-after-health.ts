import { isValidDockerTag, versionTag } from './docker-tag';
import { movingTags } from './moving-tags';
import { highestFullRelease, parseVersion } from './version';
import type { Environment } from './types';

/** Which releases an environment takes (the config file's `on:`; the inputs path: staging takes prereleases, production releases). */
export type EnvironmentRole = 'prerelease' | 'release';

export interface TagsAfterHealthRequest {
  /** The GitHub environment that is now healthy, as written (`staging`, `preview`, `production`). */
  environment: string;
  /** What it takes (`on:`); empty for an environment with manual deploys only. */
  takes: readonly EnvironmentRole[];
  /** The release now healthy there, as released (`v1.2.0`, `v1.3.0-rc.1`). */
  version: string;
  /** Whether it is a prerelease (the release's "pre-release" checkbox, else its semver). */
  prerelease: boolean;
  /** Also move `vMAJOR.MINOR` and `vMAJOR`. */
  semverTags: boolean;
  /** Every tag the image's repository holds now (the version tags decide what is "forward"). */
  existingTags: readonly string[];
  /** Prerelease-looking tags known to be full releases with `+` rewritten (see movingTags). */
  knownFullReleases?: readonly string[];
  /**
   * Releases that were rolled back (at least the one this deploy replaced after it failed, or the one a
   * rollback moved away from). They no longer count as "the highest release", so `latest` can move back
   * from them and never stays on them.
   */
  rolledBack?: readonly string[];
}

export interface TagsAfterHealth {
  /** The moving tags to point at the healthy release's digest, in push order; may be empty. */
  tags: string[];
  warnings: string[];
  notices: string[];
}

/** Tags deploy-kit moves itself or pushes per build: an environment's tag may not be one of them. */
const FORBIDDEN_ENVIRONMENT_TAG = /^(latest|sha-[0-9a-f]{7}|v?\d+(\.\d+)*)$/;

/**
 * Which moving tags move once a release is healthy in an environment. Pure: the caller passes the
 * registry's tags and does the moving (registry `moveTags`). Nothing moves at build time, so a release
 * that fails, or is rolled back, never holds `latest`.
 *
 * - An environment that takes full releases (production), a full release: `latest`, and with
 *   `semverTags` `vMAJOR.MINOR` and `vMAJOR`, each only forward (movingTags' rules, backports
 *   included), with rolled-back releases left out of "the highest release".
 * - The same environment, a prerelease (a dispatch sent one there): nothing moves.
 * - An environment that takes prereleases only: its own name as a tag (`staging`, `preview`).
 * - An environment with manual deploys only: nothing moves.
 */
export function tagsAfterHealth(request: TagsAfterHealthRequest): TagsAfterHealth {
  const { environment, version } = request;
  if (request.takes.includes('release')) {
    if (request.prerelease) {
      if (request.takes.includes('prerelease')) return environmentTag(environment);
      return {
        tags: [],
        warnings: [`${version} is a prerelease deployed to ${environment}: "latest" does not move`],
        notices: [],
      };
    }
    const rolledBack = new Set((request.rolledBack ?? []).map((release) => tagOf(release)));
    const moving = movingTags({
      version,
      semver: parseVersion(version),
      semverTags: request.semverTags,
      existingTags: request.existingTags.filter((tag) => !rolledBack.has(tag)),
      knownFullReleases: request.knownFullReleases ?? [],
    });
    return { tags: moving.tags, warnings: moving.warnings, notices: moving.notices };
  }
  if (request.takes.includes('prerelease')) return environmentTag(environment);
  return {
    tags: [],
    warnings: [],
    notices: [
      `${environment} takes manual deploys only (no "on:"), so no moving tag follows it; ${version} keeps its version and sha tags`,
    ],
  };
}

/** The tag that follows a prerelease environment: its name, lower-cased (`staging`, `preview`). */
function environmentTag(environment: string): TagsAfterHealth {
  const tag = environment.toLowerCase();
  if (!isValidDockerTag(tag) || FORBIDDEN_ENVIRONMENT_TAG.test(tag)) {
    return {
      tags: [],
      warnings: [
        `The environment name "${environment}" cannot be a moving tag (it is not a docker tag, or it is one deploy-kit moves for releases), so no tag follows ${environment}`,
      ],
      notices: [],
    };
  }
  return { tags: [tag], warnings: [], notices: [] };
}

/** A release's registry tag; a version that cannot be one matches no tag. */
function tagOf(release: string): string {
  try {
    return versionTag(release).tag;
  } catch {
    return release;
  }
}

/**
 * Where a moving tag of releases goes when the release it points at was rolled back: the highest
 * full release of its line (`latest`: every release; `vX`: major X; `vX.Y`: X.Y) that was not rolled
 * back, or undefined when there is none (then it stays: deploy-kit deletes no tag). Needed when a
 * rollback goes back below another healthy release (`to:` an older one), which tagsAfterHealth
 * rightly does not move `latest` to.
 */
export function releaseForHeldTag(
  tag: string,
  existingTags: readonly string[],
  rolledBack: readonly string[],
): string | undefined {
  const line = releaseLineOf(tag);
  if (!line) return undefined;
  const gone = new Set(rolledBack.map((release) => tagOf(release)));
  return highestFullRelease(
    existingTags.filter((existing) => !gone.has(existing)),
    (version) =>
      (line.major === undefined || version.major === line.major) &&
      (line.minor === undefined || version.minor === line.minor),
  );
}

/** The releases a moving tag follows: `latest` all of them, `v1` major 1, `v1.2` 1.2; undefined for any other tag. */
export function releaseLineOf(tag: string): { major?: number; minor?: number } | undefined {
  if (tag === 'latest') return {};
  const match = /^v?(\d+)(?:\.(\d+))?$/.exec(tag);
  if (!match) return undefined;
  return { major: Number(match[1]), ...(match[2] === undefined ? {} : { minor: Number(match[2]) }) };
}

/** What the inputs path's two environments take: staging prereleases, production releases. */
export function rolesOf(environment: Environment): EnvironmentRole[] {
  return environment === 'staging' ? ['prerelease'] : ['release'];
}
