import semver, { type SemVer } from 'semver';

/**
 * Parses a release tag as semver, accepting exactly one optional leading `v`
 * (`v1.2.3`, `1.2.3`, `v1.2.0-beta.1`, `1.2.0-rc.1+build.5`). Returns null for
 * anything else, including `=1.2.3`, ` 1.2.3`, `V1.2.3` and partial versions
 * like `v1.2`, which semver would otherwise coerce or trim.
 */
export function parseVersion(tag: string): SemVer | null {
  if (!/^v?\d/.test(tag) || /\s/.test(tag)) return null;
  return semver.parse(tag.startsWith('v') ? tag.slice(1) : tag);
}

/** True for a semver version without a prerelease part (`v1.2.0`, `1.2.0+build.5`). */
export function isFullRelease(tag: string): boolean {
  const version = parseVersion(tag);
  return version !== null && version.prerelease.length === 0;
}

/** True for a semver version with a prerelease part (`v1.2.0-rc.1`). */
export function isSemverPrerelease(tag: string): boolean {
  const version = parseVersion(tag);
  return version !== null && version.prerelease.length > 0;
}

/**
 * Orders two release tags by semver precedence (build metadata ignored):
 * negative when a < b, 0 when equal, positive when a > b. Throws on non-semver.
 */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) throw new Error(`Cannot compare non-semver versions "${a}" and "${b}"`);
  return semver.compare(left, right);
}

/**
 * The full release a tag stands for when it is known to be one although it
 * reads as a prerelease: build metadata `+x` is pushed as `-x`, so tag
 * `v1.1.0-build.5` is release `v1.1.0+build.5`. Null when the tag has no
 * `-` part to read back as `+`.
 */
export function asBuildMetadataRelease(tag: string): string | null {
  const version = parseVersion(tag);
  if (!version || version.prerelease.length === 0) return null;
  const core = `${version.major}.${version.minor}.${version.patch}`;
  const at = tag.indexOf(`${core}-`);
  if (at < 0) return null;
  const rewritten = `${tag.slice(0, at + core.length)}+${tag.slice(at + core.length + 1)}`;
  return isFullRelease(rewritten) ? rewritten : null;
}

/**
 * The highest full release among registry tags, optionally only those a filter
 * accepts. Moving tags (`latest`, `v1`, `v1.2`), sha tags and prereleases are
 * not versions of a release and are ignored, except tags in `knownFullReleases`
 * (prerelease-looking tags known to be rewritten build metadata): they count
 * as the full release they stand for, which is what is returned for them
 * (`v1.1.0+build.5`, not the tag `v1.1.0-build.5`).
 */
export function highestFullRelease(
  tags: readonly string[],
  accept: (version: SemVer) => boolean = () => true,
  knownFullReleases: readonly string[] = [],
): string | undefined {
  let best: { release: string; version: SemVer } | undefined;
  for (const tag of tags) {
    let release = tag;
    let version = parseVersion(tag);
    if (version && version.prerelease.length > 0 && knownFullReleases.includes(tag)) {
      release = asBuildMetadataRelease(tag) ?? tag;
      version = parseVersion(release);
    }
    if (!version || version.prerelease.length > 0 || !accept(version)) continue;
    if (!best || semver.compare(version, best.version) > 0) best = { release, version };
  }
  return best?.release;
}
