import type { MovingTagsSettings } from '@deploy-kit/engine';
import { SINGLE_SERVICE } from '@deploy-kit/ledger';
import type { RegistryClient } from '@deploy-kit/registry';
import type { RunningService, ServiceImage, ServiceSlot } from '@deploy-kit/targets';

/**
 * The inputs path's one service: named `app` (as the ledger reads a payload of
 * the single-image version), its image in the `image-variable` input's
 * variable. Its compose services are the `services` input's, which the target
 * was built with.
 */
export function inputsService(imageVariable: string): ServiceSlot {
  return { service: SINGLE_SERVICE, composeService: SINGLE_SERVICE, imageVariable };
}

/** The one service of an inputs-path release, for its single-image outputs (`image-ref`, `digest`). */
export function onlyService<T extends ServiceImage | RunningService>(
  services: readonly T[] | undefined,
): T | undefined {
  return services?.length === 1 ? services[0] : undefined;
}

/**
 * Which moving tags follow the inputs path's environment once it is healthy: a
 * production environment takes releases (`latest`, and `vX.Y`/`vX` with the
 * `semver-tags` input), any other prereleases (its own name as a tag, e.g. `staging`).
 */
export function inputsMovingTags(production: boolean, registry: RegistryClient, semverTags = true): MovingTagsSettings {
  return { takes: production ? ['release'] : ['prerelease'], semverTags, registry };
}
