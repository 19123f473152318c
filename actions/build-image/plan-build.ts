import * as core from '@actions/core';
import type { RunContext } from '@deploy-kit/action-kit';
import { planRelease, type PlanRequest, type ReleasePlan } from '@deploy-kit/release-plan';
import { RegistryAuthError, type RegistryClient, parseImageReference, type ImageReference } from '@deploy-kit/registry';
import type { BuildImageInputs } from './inputs';
import { findKnownFullReleases } from './release-tags';

export interface FirstPlan {
  request: PlanRequest;
  /** Planned without registry data: what `latest` would do on an empty registry. */
  plan: ReleasePlan;
  image: ImageReference;
}

export interface PlannedBuild {
  plan: ReleasePlan;
  image: ImageReference;
  existingTags: string[];
}

/**
 * Plans without the registry. A refused release (draft, not semver, unknown
 * environment) fails here, before any network call; the image it names also
 * decides which credentials may be used at all.
 */
export function planOffline(inputs: BuildImageInputs, context: RunContext): FirstPlan {
  const request: PlanRequest = {
    eventName: context.eventName,
    payload: context.payload,
    sha: context.sha,
    ref: context.ref,
    repository: context.repository,
    serverUrl: context.serverUrl,
    image: inputs.image,
    environment: inputs.environment,
    version: inputs.version,
    semverTags: inputs.semverTags,
    allowNonSemver: inputs.allowNonSemver,
    extraLabels: Object.fromEntries(inputs.labels.map(({ key, value }) => [key, value])),
  };
  const plan = planRelease({ ...request, existingTags: [] });
  return { request, plan, image: parseImageReference(plan.image) };
}

/**
 * Plans again with the tags the registry already holds, which decide whether
 * `latest` may move and whether the sha tag can be promoted; and, for tags
 * that may be rewritten build metadata, whether they are full releases.
 */
export async function planWithRegistry(
  first: FirstPlan,
  inputs: BuildImageInputs,
  registry: RegistryClient,
): Promise<PlannedBuild> {
  const { request, image } = first;
  const existingTags = await listExistingTags(registry, image, inputs.push);
  // Only a release that could move `latest` needs to know; a prerelease reads no manifest.
  const knownFullReleases = first.plan.latest
    ? await findKnownFullReleases(registry, image, first.plan.version, existingTags, inputs.semverTags)
    : [];
  const plan = planRelease({ ...request, existingTags, knownFullReleases });
  return { plan, image, existingTags };
}

async function listExistingTags(registry: RegistryClient, image: ImageReference, push: boolean): Promise<string[]> {
  try {
    return await registry.listTags(image);
  } catch (error) {
    // A build that will not push may run without registry access (e.g. a pull request check).
    if (!push && error instanceof RegistryAuthError) {
      core.warning(
        `Could not list the tags of ${image.registry}/${image.repository} (${error.status}); planning as if it had none, since push is false`,
      );
      return [];
    }
    throw error;
  }
}
