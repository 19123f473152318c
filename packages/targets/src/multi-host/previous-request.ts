import type { DeployRequest, RunningRelease, ServiceImage } from '../types';

/**
 * The request that puts `previous` (what a host ran before this rollout) back on that host,
 * for every service of `request`. A host with no record of a service's previous image cannot
 * be put back: that is an error naming the host and service, so the rollout's report says
 * which host could not be reverted instead of pretending it was.
 */
export function previousRequest(
  request: DeployRequest,
  previous: RunningRelease | undefined,
  host: string,
): DeployRequest {
  const services = request.services.map((slot): ServiceImage => {
    const imageRef = previous?.services.find((s) => s.service === slot.service)?.imageRef;
    if (!imageRef) {
      throw new Error(
        `${host} has no record of what ${slot.service} ran before this rollout, so it cannot be put back`,
      );
    }
    const digest = /@(sha256:[0-9a-f]{64})$/.exec(imageRef)?.[1] ?? '';
    return { ...slot, image: imageRef, imageRef, digest };
  });
  // The versions the new release's checks expect say nothing about the release put back.
  const { expectVersions: _newRelease, ...rest } = request;
  return { ...rest, version: previous?.version ?? 'previous', services };
}
