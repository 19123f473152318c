import type { DeploymentLedger } from '@deploy-kit/ledger';
import { moveTags, type RegistryClient } from '@deploy-kit/registry';
import { isSemverPrerelease, tagsAfterHealth, type EnvironmentRole } from '@deploy-kit/release-plan';
import type { DeployRequest, TargetLog } from '@deploy-kit/targets';

/** How a deploy moves the moving tags (`staging`, `latest`, `vX.Y`, `vX`) once it is healthy. */
export interface MovingTagsSettings {
  /** What the environment takes: the config file's `on:`; the inputs path: release-plan's rolesOf. */
  takes: readonly EnvironmentRole[];
  /** Also move `vMAJOR.MINOR` and `vMAJOR` with `latest`. */
  semverTags: boolean;
  /** With push rights on the images' repositories (the registry inputs, or the job's token for ghcr.io). */
  registry: RegistryClient;
}

/** The tags one service's image now has at the release's digest. */
export interface MovedServiceTags {
  service: string;
  image: string;
  tags: string[];
}

/**
 * Moves the moving tags to a release that is now healthy, service by service:
 * which tags is release-plan's tagsAfterHealth, the move is registry's
 * moveTags. Releases rolled back in this environment (and service set) do not
 * count as "the highest release". Best effort: the release is live and
 * recorded, so a tag that cannot move is a warning, never a failed deploy.
 */
export async function moveTagsAfterHealth(
  request: DeployRequest,
  settings: MovingTagsSettings,
  context: { ledger: DeploymentLedger; serviceSet: string; log: TargetLog },
): Promise<MovedServiceTags[]> {
  const { log } = context;
  const rolledBack = await rolledBackVersions(context.ledger, request.environment, context.serviceSet).catch(
    (error: unknown) => {
      log.warning(`Could not read which releases were rolled back, so no tag moves: ${messageOf(error)}`);
      return undefined;
    },
  );
  if (!rolledBack) return [];
  const moved: MovedServiceTags[] = [];
  for (const service of request.services) {
    try {
      const existingTags = await settings.registry.listTags(service.image);
      const decision = tagsAfterHealth({
        environment: request.environment,
        takes: settings.takes,
        version: request.version,
        prerelease: isSemverPrerelease(request.version),
        semverTags: settings.semverTags,
        existingTags,
        rolledBack,
      });
      for (const warning of decision.warnings) log.warning(warning);
      for (const notice of decision.notices) log.info(notice);
      if (!decision.tags.length) continue;
      const result = await moveTags(settings.registry, {
        image: service.image,
        digest: service.digest,
        tags: decision.tags,
      });
      const tags = result.tags.map((t) => t.tag);
      log.info(`${service.service}: moved ${tags.join(', ')} to ${service.digest}`);
      moved.push({ service: service.service, image: service.image, tags });
    } catch (error) {
      log.warning(
        `${request.version} is live and healthy, but the moving tags of ${service.image} could not move: ${messageOf(error)}`,
      );
    }
  }
  return moved;
}

/** The versions a rollback moved away from, among the environment's recent deployments of this service set. */
async function rolledBackVersions(
  ledger: DeploymentLedger,
  environment: string,
  serviceSet: string,
): Promise<string[]> {
  const recent = await ledger.history(environment, 30, serviceSet);
  const versions = recent.flatMap((record) => {
    const from = record.task === 'rollback' ? record.payload.rolledBackFrom?.version : undefined;
    return from ? [from] : [];
  });
  return [...new Set(versions)];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
