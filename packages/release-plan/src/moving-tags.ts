import type { SemVer } from 'semver';
import { compareVersions, highestFullRelease } from './version';

export interface MovingTagsRequest {
  /** The release tag as released, e.g. "v1.2.0". */
  version: string;
  /** Its parsed semver, or null when non-semver versions are allowed. */
  semver: SemVer | null;
  semverTags: boolean;
  existingTags: readonly string[];
  /** Prerelease-looking registry tags known to be full releases with `+` rewritten to `-`. */
  knownFullReleases?: readonly string[];
}

export interface MovingTags {
  /** In push order: latest, vMAJOR.MINOR, vMAJOR (those that move). */
  tags: string[];
  warnings: string[];
  notices: string[];
}

interface Candidate {
  tag: string;
  /** The highest full release this tag may currently point at. */
  highest: string | undefined;
}

/**
 * The tags a full production release moves. Each only moves forward: `latest`
 * when this version is at least the highest full release in the registry,
 * `vMAJOR.MINOR` / `vMAJOR` when it is at least the highest of that line. So a
 * backport v1.1.5 after v1.2.0 leaves `latest` and `v1` alone but still moves
 * `v1.1`, which is what someone pinned to v1.1 wants.
 */
export function movingTags(request: MovingTagsRequest): MovingTags {
  const { version, semver } = request;
  const known = request.knownFullReleases ?? [];
  if (!semver) return nonSemverMovingTags(request, highestFullRelease(request.existingTags, undefined, known));

  const prefix = version.startsWith('v') ? 'v' : '';
  const candidates: Candidate[] = [
    { tag: 'latest', highest: highestFullRelease(request.existingTags, undefined, known) },
  ];
  if (request.semverTags) {
    candidates.push({
      tag: `${prefix}${semver.major}.${semver.minor}`,
      highest: highestFullRelease(
        request.existingTags,
        (v) => v.major === semver.major && v.minor === semver.minor,
        known,
      ),
    });
    candidates.push({
      tag: `${prefix}${semver.major}`,
      highest: highestFullRelease(request.existingTags, (v) => v.major === semver.major, known),
    });
  }

  const moves = (c: Candidate) => c.highest === undefined || compareVersions(version, c.highest) >= 0;
  const held = candidates.filter((c) => !moves(c));
  const warnings = held.length
    ? [
        `${version} is lower than ${held[0]?.highest} already in the registry (a backport), so ${held
          .map((c) => `"${c.tag}"`)
          .join(' and ')} ${held.length === 1 ? 'does' : 'do'} not move`,
      ]
    : [];
  return { tags: candidates.filter(moves).map((c) => c.tag), warnings, notices: [] };
}

/**
 * A non-semver version cannot be ordered, so it may only take `latest` from
 * nothing: once a semver full release is in the registry, `latest` stays
 * with it rather than jumping from (say) v9.0.0 to `nightly-42`.
 */
function nonSemverMovingTags(request: MovingTagsRequest, highest: string | undefined): MovingTags {
  const { version } = request;
  const notices = request.semverTags ? [`${version} is not semver: no major/minor tags are pushed`] : [];
  if (highest !== undefined) {
    return {
      tags: [],
      warnings: [
        `${version} is not semver, so it cannot be ordered against ${highest} already in the registry: "latest" stays with ${highest}`,
      ],
      notices,
    };
  }
  return {
    tags: ['latest'],
    warnings: [],
    notices: [
      `${version} is not semver and the registry has no semver full release yet: "latest" moves to it`,
      ...notices,
    ],
  };
}
