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
 * The highest full release among registry tags, optionally only those a filter
 * accepts. Moving tags (`latest`, `v1`, `v1.2`), sha tags and prereleases are
 * not versions of a release and are ignored.
 */
export function highestFullRelease(
  tags: readonly string[],
  accept: (version: SemVer) => boolean = () => true,
): string | undefined {
  let best: { tag: string; version: SemVer } | undefined;
  for (const tag of tags) {
    const version = parseVersion(tag);
    if (!version || version.prerelease.length > 0 || !accept(version)) continue;
    if (!best || semver.compare(version, best.version) > 0) best = { tag, version };
  }
  return best?.tag;
}
