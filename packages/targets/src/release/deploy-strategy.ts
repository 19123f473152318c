import { InputError } from '@deploy-kit/action-kit';
import { isSemanticVersion, versionTagAt, type ImageReference, type RegistryClient } from '@deploy-kit/registry';
import { registryAuthFor, resolveImage, type HostLogin } from './resolve-image';
import type { PlanContext, ReleasePlan, ReleaseStrategy } from './types';

export interface DeployStrategyOptions {
  image: string;
  reference: ImageReference;
  version: string;
  sha: string;
  registry: RegistryClient;
  /** How the target host logs into the registry; undefined: it pulls with what it already has. */
  hostLogin?: HostLogin;
}

/** Picks the version a deploy records: the input, else the image's tag. */
export function deployVersion(version: string | undefined, reference: ImageReference): string {
  if (version) return version;
  if (reference.tag) return reference.tag;
  throw new InputError('version', 'is required when "image" names no tag (e.g. it is given by digest)');
}

/**
 * Deploy: the image the user named, pinned to its digest through the
 * registry before anything is recorded or deployed. A deploy always deploys,
 * even when the target already runs that digest (it may have drifted).
 */
export class DeployStrategy implements ReleaseStrategy {
  readonly task = 'deploy' as const;

  constructor(private readonly options: DeployStrategyOptions) {}

  async plan(context: PlanContext): Promise<ReleasePlan> {
    const { image, reference, sha, registry } = this.options;
    const resolved = await resolveImage(image, reference, registry);
    context.log.info(`${image} resolves to ${resolved.digest}`);
    const version = await realVersion(this.options, resolved.digest, context);
    // Reached only once the image is known to exist: now the target may be contacted.
    await context.running();
    const registryAuth = registryAuthFor(reference, this.options.hostLogin);
    return {
      request: {
        image,
        digest: resolved.digest,
        imageRef: resolved.imageRef,
        version,
        environment: context.environment,
        ...(registryAuth ? { registryAuth } : {}),
      },
      sha,
      description: `Deploy ${version}`,
    };
  }
}

/**
 * A moving tag (`latest`, `staging`) or any other non-semantic version names
 * no release: the semantic-version tag at the same digest does, and that is
 * what the ledger records (so the next deploy's downgrade check can compare).
 */
async function realVersion(options: DeployStrategyOptions, digest: string, context: PlanContext): Promise<string> {
  const { version, reference, registry } = options;
  if (isSemanticVersion(version) || !reference.tag) return version;
  // Best effort: a registry that will not list tags leaves the tag as the version (pre-deploy-check reports it).
  const found = await versionTagAt(registry, reference, digest).catch((error: unknown) => {
    context.log.warning(
      `Could not list the tags of ${reference.repository} to find the version of ${reference.tag}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  });
  if (!found) {
    context.log.info(`No semantic-version tag points at ${digest}; recording the version as ${version}`);
    return version;
  }
  context.log.info(`${reference.tag} is ${found} (${digest}); recording the version as ${found}`);
  return found;
}
