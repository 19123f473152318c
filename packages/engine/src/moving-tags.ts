import type { DeploymentLedger } from '@deploy-kit/ledger';
import { moveTags, parseImageReference, type RegistryClient } from '@deploy-kit/registry';
import {
  isSemverPrerelease,
  releaseForHeldTag,
  releaseLineOf,
  tagsAfterHealth,
  type EnvironmentRole,
} from '@deploy-kit/release-plan';
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
      const tags: string[] = [];
      if (decision.tags.length) {
        const result = await moveTags(settings.registry, {
          image: service.image,
          digest: service.digest,
          tags: decision.tags,
        });
        tags.push(...result.tags.map((t) => t.tag));
        log.info(`${service.service}: moved ${tags.join(', ')} to ${service.digest}`);
      }
      if (settings.takes.includes('release') && rolledBack.length) {
        const held = existingTags.filter(
          (tag) =>
            !tags.includes(tag) && (tag === 'latest' || (settings.semverTags && releaseLineOf(tag) !== undefined)),
        );
        tags.push(...(await moveOffRolledBack(service.image, held, existingTags, rolledBack, settings.registry, log)));
      }
      if (tags.length) moved.push({ service: service.service, image: service.image, tags });
    } catch (error) {
      log.warning(
        `${request.version} is live and healthy, but the moving tags of ${service.image} could not move: ${messageOf(error)}`,
      );
    }
  }
  return moved;
}

/**
 * The moving tags (`latest`, `vX`, `vX.Y`) still on a release that was rolled back go to the highest
 * release of their line that was not (a rollback `to:` a release below another healthy one leaves
 * `latest` on the broken one otherwise). Returns the tags it moved.
 */
async function moveOffRolledBack(
  image: string,
  candidates: readonly string[],
  existingTags: readonly string[],
  rolledBack: readonly string[],
  registry: RegistryClient,
  log: TargetLog,
): Promise<string[]> {
  if (!candidates.length) return [];
  const name = parseImageReference(image);
  const digestOf = async (tag: string) => (await registry.resolve({ ...name, tag, digest: undefined }))?.digest;
  const brokenDigests = new Set<string>();
  for (const release of rolledBack.filter((r) => existingTags.includes(r))) {
    const digest = await digestOf(release);
    if (digest) brokenDigests.add(digest);
  }
  if (!brokenDigests.size) return [];
  const moved: string[] = [];
  for (const tag of candidates) {
    const digest = await digestOf(tag);
    if (!digest || !brokenDigests.has(digest)) continue;
    const target = releaseForHeldTag(tag, existingTags, rolledBack);
    const targetDigest = target ? await digestOf(target) : undefined;
    if (!target || !targetDigest) {
      log.info(`"${tag}" of ${image} stays on a release that was rolled back: no other release of its line`);
      continue;
    }
    await moveTags(registry, { image, digest: targetDigest, tags: [tag] });
    log.info(`"${tag}" of ${image} was on a release that was rolled back: moved to ${target} (${targetDigest})`);
    moved.push(tag);
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
