import type { HealthCheckOptions } from '@deploy-kit/health';
import { builtVersionOf, parseImageReference, type RegistryClient } from '@deploy-kit/registry';
import type { DeployRequest, ServiceImage, TargetHealthCheck, TargetLog } from '@deploy-kit/targets';

/**
 * A release's health check. `expectBuiltVersionOf` (expect-version: true)
 * names the service whose deployed image decides the version that must
 * answer; expectedVersions fills it in once the images are known. The same
 * shape a target gets its own checks in (a rolling rollout's per-host check).
 */
export type ReleaseHealthCheck = TargetHealthCheck;

/** The checks with their versions filled in, and that version per service for the target (DeployRequest.expectVersions). */
export interface ResolvedHealthChecks {
  checks: HealthCheckOptions[];
  /** Per service named by an expect-version: true check: the version it must answer. */
  expectVersions: Record<string, string>;
}

/** Reads the version an image was built as (its OCI version label); undefined: it has none. */
export type BuiltVersionReader = (image: ServiceImage) => Promise<string | undefined>;

/** The registry read behind BuiltVersionReader: the label of the exact digest being deployed. */
export function registryBuiltVersion(registry: RegistryClient): BuiltVersionReader {
  return (image) => builtVersionOf(registry, parseImageReference(image.imageRef));
}

/**
 * The one rule for expect-version: true, on both the config and the inputs
 * path, for a deploy and a rollback alike. The service must answer the
 * version its deployed digest was built as (the image's
 * `org.opencontainers.image.version` label): a release promotes the digest
 * built for its prerelease, and that build reports the prerelease's version;
 * a rollback redeploys an older digest, which reports its own. An image
 * without the label (or a registry that cannot be read) falls back to the
 * release's version, as before.
 */
export async function expectedVersions(
  checks: readonly ReleaseHealthCheck[],
  request: DeployRequest,
  readBuiltVersion: BuiltVersionReader | undefined,
  log: TargetLog,
): Promise<HealthCheckOptions[]> {
  return (await resolveHealthChecks(checks, request, readBuiltVersion, log)).checks;
}

/**
 * expectedVersions, also saying which version each service must answer, so a
 * target that checks hosts itself holds them to the same rule (the target
 * gets it in DeployRequest.expectVersions).
 */
export async function resolveHealthChecks(
  checks: readonly ReleaseHealthCheck[],
  request: DeployRequest,
  readBuiltVersion: BuiltVersionReader | undefined,
  log: TargetLog,
): Promise<ResolvedHealthChecks> {
  const byService = new Map<string, Promise<string>>();
  const expected = (service: string): Promise<string> => {
    let found = byService.get(service);
    if (!found) {
      found = builtVersion(request, service, readBuiltVersion, log);
      byService.set(service, found);
    }
    return found;
  };
  const resolved: HealthCheckOptions[] = [];
  const expectVersions: Record<string, string> = {};
  for (const { expectBuiltVersionOf, ...check } of checks) {
    if (expectBuiltVersionOf === undefined) {
      resolved.push(check);
      continue;
    }
    const version = await expected(expectBuiltVersionOf);
    expectVersions[expectBuiltVersionOf] = version;
    resolved.push({ ...check, expectVersion: version });
  }
  return { checks: resolved, expectVersions };
}

async function builtVersion(
  request: DeployRequest,
  service: string,
  readBuiltVersion: BuiltVersionReader | undefined,
  log: TargetLog,
): Promise<string> {
  const image = request.services.find((candidate) => candidate.service === service);
  if (!image || !readBuiltVersion) return request.version;
  try {
    const label = await readBuiltVersion(image);
    if (label) {
      log.info(`${image.imageRef} was built as ${label}: its health check expects version ${label}`);
      return label;
    }
    log.info(
      `${image.imageRef} has no org.opencontainers.image.version label: its health check expects ${request.version}`,
    );
  } catch (error) {
    log.warning(
      `Could not read the version label of ${image.imageRef} (${error instanceof Error ? error.message : String(error)}); its health check expects ${request.version}`,
    );
  }
  return request.version;
}
