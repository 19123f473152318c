/** Where a release is deployed. */
export type Environment = 'staging' | 'production';

export const ENVIRONMENTS: readonly Environment[] = ['staging', 'production'];

/** Everything the planner needs; gathered from the runner's context and the action's inputs. */
export interface PlanRequest {
  /** GITHUB_EVENT_NAME. */
  eventName: string;
  /** The event payload (the JSON file at GITHUB_EVENT_PATH). */
  payload: Record<string, unknown>;
  /** Full commit sha. */
  sha: string;
  /** GITHUB_REF, e.g. refs/tags/v1.2.3 for push events. */
  ref?: string;
  /** "owner/repo"; may be upper case, e.g. Codertocat/Hello-World. */
  repository: string;
  /** Default https://github.com. */
  serverUrl?: string;
  /** Explicit image name without tag; default ghcr.io/<owner>/<repo> lower-cased. */
  image?: string;
  /** Override; required for workflow_dispatch / workflow_call. */
  environment?: string;
  /** Override; required for workflow_dispatch / workflow_call. */
  version?: string;
  /** Also tag vMAJOR.MINOR and vMAJOR on full releases. Default false. */
  semverTags?: boolean;
  /** Accept versions that are not semver. Default false. */
  allowNonSemver?: boolean;
  /** Extra OCI labels; they override the computed ones. */
  extraLabels?: Record<string, string>;
  /** Tags already in the registry for this image. */
  existingTags?: readonly string[];
  /**
   * Those of `existingTags` that read as prereleases but are known to be full
   * releases whose build metadata `+` was pushed as `-` (`v1.1.0-build.5` is
   * `v1.1.0+build.5`). The tags cannot say so themselves; build-image knows
   * it when such a tag shares its digest with `latest`, which only full
   * releases get. They count like any full release when `latest` and the
   * major/minor tags decide whether to move.
   */
  knownFullReleases?: readonly string[];
  /** Used for the `created` label; default now. */
  now?: Date;
}

/** What to build, how to tag it, and where it goes. */
export interface ReleasePlan {
  environment: Environment;
  /** As released, e.g. "v1.2.0-rc.1+build.5". */
  version: string;
  /**
   * Every tag the release holds once it is healthy where it goes, in order, sha tag last: e.g.
   * ["v1.2.0","latest","sha-ffac537"]. Only `buildTags` are pushed at build; the moving ones
   * (`latest`, `staging`, `vX.Y`, `vX`) move after health (tagsAfterHealth decides again then).
   */
  tags: string[];
  /** What build-image pushes: the version tag and the sha tag, e.g. ["v1.2.0","sha-ffac537"]. */
  buildTags: string[];
  /** "sha-<first 7 of sha>". */
  shaTag: string;
  prerelease: boolean;
  /** Whether `latest` moves. */
  latest: boolean;
  /** "ghcr.io/owner/repo". */
  image: string;
  /** OCI labels. */
  labels: Record<string, string>;
  /** Become ::warning:: annotations. */
  warnings: string[];
  /** Become ::notice:: lines. */
  notices: string[];
}
