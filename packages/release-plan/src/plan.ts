import { UserError } from '@deploy-kit/action-kit';
import type { SemVer } from 'semver';
import { shaTagFor, versionTag } from './docker-tag';
import { parseEnvironment } from './environment';
import { eventFacts, type EventFacts } from './events';
import { defaultImage, parseRepository, validateImage } from './image';
import { ociLabels } from './labels';
import { movingTags } from './moving-tags';
import type { Environment, PlanRequest, ReleasePlan } from './types';
import { parseVersion } from './version';

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Inputs arrive as "" when unset; treat blank like absent. */
function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkSha(sha: string): string {
  const lower = sha.trim().toLowerCase();
  if (!FULL_SHA.test(lower)) throw new UserError(`Commit sha "${sha}" is not a full 40-character hex sha`);
  return lower;
}

function chooseVersion(facts: EventFacts, override: string | undefined): string {
  if (override) return override;
  if (facts.version) return facts.version;
  throw new UserError(`A ${facts.eventName} run needs the "version" input: the release tag to deploy, e.g. v1.2.3`);
}

function parseOrRefuse(version: string, allowNonSemver: boolean): SemVer | null {
  const parsed = parseVersion(version);
  if (parsed || allowNonSemver) return parsed;
  throw new UserError(
    `Version "${version}" is not semver (expected e.g. v1.2.3, 1.2.3, v1.2.0-beta.1); set allow-non-semver: true to deploy it anyway`,
  );
}

/**
 * Release events follow the "pre-release" checkbox, even when the tag's semver
 * says otherwise: the checkbox is what the person publishing chose. Other
 * events only have semver to go by.
 */
function decidePrerelease(facts: EventFacts, version: string, semver: SemVer | null, warnings: string[]): boolean {
  const semverSays = semver ? semver.prerelease.length > 0 : undefined;
  if (facts.checkbox === undefined) return semverSays ?? false;
  if (semverSays !== undefined && semverSays !== facts.checkbox) {
    warnings.push(
      facts.checkbox
        ? `Release ${version} is marked "pre-release" on GitHub but its version has no prerelease part; following the checkbox: deploying as a prerelease`
        : `Release ${version} has a semver prerelease part but is not marked "pre-release" on GitHub; following the checkbox: deploying as a full release`,
    );
  }
  return facts.checkbox;
}

function decideEnvironment(
  facts: EventFacts,
  prerelease: boolean,
  override: string | undefined,
  notices: string[],
): Environment {
  const derived: Environment = prerelease ? 'staging' : 'production';
  if (!override) {
    if (facts.needsInputs) {
      throw new UserError(`A ${facts.eventName} run needs the "environment" input: staging or production`);
    }
    return derived;
  }
  const environment = parseEnvironment(override);
  if (!facts.needsInputs && environment !== derived) {
    notices.push(`Environment set to ${environment} by input (the ${facts.eventName} event alone means ${derived})`);
  }
  return environment;
}

/**
 * Decides environment, version, tags and labels for one build. Pure: the
 * caller supplies the payload and the registry's existing tags. Throws
 * UserError for anything that must not be deployed.
 */
export function planRelease(request: PlanRequest): ReleasePlan {
  const warnings: string[] = [];
  const notices: string[] = [];

  parseRepository(request.repository);
  const explicitImage = given(request.image);
  const image = explicitImage ? validateImage(explicitImage) : defaultImage(request.repository);
  const sha = checkSha(request.sha);
  const shaTag = shaTagFor(sha);

  const facts = eventFacts(request.eventName, request.payload, given(request.ref));
  const version = chooseVersion(facts, given(request.version));
  const semver = parseOrRefuse(version, request.allowNonSemver ?? false);
  const pushedAs = versionTag(version);
  if (pushedAs.notice) notices.push(pushedAs.notice);

  const prerelease = decidePrerelease(facts, version, semver, warnings);
  const environment = decideEnvironment(facts, prerelease, given(request.environment), notices);

  const tags = [pushedAs.tag];
  if (environment === 'staging') {
    tags.push('staging');
  } else if (prerelease) {
    warnings.push(`${version} is a prerelease deployed to production: "latest" does not move`);
  } else {
    const moving = movingTags({
      version,
      semver,
      semverTags: request.semverTags ?? false,
      existingTags: request.existingTags ?? [],
      knownFullReleases: request.knownFullReleases ?? [],
    });
    tags.push(...moving.tags);
    warnings.push(...moving.warnings);
    notices.push(...moving.notices);
  }
  tags.push(shaTag);

  return {
    environment,
    version,
    tags,
    buildTags: [pushedAs.tag, shaTag],
    shaTag,
    prerelease,
    latest: tags.includes('latest'),
    image,
    labels: ociLabels({
      payload: request.payload,
      repository: request.repository,
      serverUrl: given(request.serverUrl) ?? 'https://github.com',
      sha,
      version,
      created: request.now ?? new Date(),
      extraLabels: request.extraLabels,
    }),
    warnings,
    notices,
  };
}
