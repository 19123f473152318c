import * as core from '@actions/core';
import type { RunContext } from '@deploy-kit/action-kit';
import { planRelease, type PlanRequest, type ReleasePlan } from '@deploy-kit/release-plan';
import { RegistryAuthError, type RegistryClient, parseImageReference, type ImageReference } from '@deploy-kit/registry';
import type { BuildImageInputs } from './inputs';

export interface PlannedBuild {
  plan: ReleasePlan;
  image: ImageReference;
  existingTags: string[];
}

/**
 * Plans the build. The planner runs once without registry data first, so a
 * refused release (draft, not semver, unknown environment) fails before any
 * network call; then again with the tags the registry already holds, which
 * decide whether `latest` may move and whether the sha tag can be promoted.
 */
export async function planBuild(
  inputs: BuildImageInputs,
  context: RunContext,
  registry: RegistryClient,
): Promise<PlannedBuild> {
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
  const dryRun = planRelease({ ...request, existingTags: [] });
  const image = parseImageReference(dryRun.image);
  const existingTags = await listExistingTags(registry, image, inputs.push);
  const plan = planRelease({ ...request, existingTags });
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
