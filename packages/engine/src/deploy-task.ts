import { registryBuiltVersion, type BuiltVersionReader } from './expected-version';
import { InputError } from '@deploy-kit/action-kit';
import { isSemanticVersion, versionTagAt, type ImageReference, type RegistryClient } from '@deploy-kit/registry';
import type { ServiceImage, ServiceSlot } from '@deploy-kit/targets';
import { registryAuthFor, resolveImage, type HostLogin } from './resolve-image';
import type { NewRelease, ReleaseTask, TaskContext } from './types';

/** One service of a deploy: where it goes on the target, and the image the user named for it. */
export interface ServiceToDeploy {
  slot: ServiceSlot;
  /** As named, e.g. `ghcr.io/acme/shop/api:v1.2.0`. */
  image: string;
  reference: ImageReference;
}

export interface DeployTaskOptions {
  /** One or more; deployed together in one operation. */
  services: ServiceToDeploy[];
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
 * Deploy: the images the user named, each pinned to its digest through the
 * registry before anything is recorded or deployed. A deploy always deploys,
 * even when the target already runs those digests (they may have drifted).
 */
export class DeployTask implements ReleaseTask {
  readonly kind = 'deploy' as const;
  readonly readBuiltVersion: BuiltVersionReader;

  constructor(private readonly options: DeployTaskOptions) {
    this.readBuiltVersion = registryBuiltVersion(options.registry);
  }

  async intent(context: TaskContext): Promise<NewRelease> {
    const { sha, registry } = this.options;
    const services: ServiceImage[] = [];
    for (const { slot, image, reference } of this.options.services) {
      const resolved = await resolveImage(image, reference, registry);
      context.log.info(`${image} resolves to ${resolved.digest}`);
      services.push({ ...slot, image, digest: resolved.digest, imageRef: resolved.imageRef });
    }
    services.sort((a, b) => a.service.localeCompare(b.service));
    const version = await realVersion(this.options, services, context);
    // Reached only once every image is known to exist: now the target may be contacted.
    await context.running();
    const first = this.options.services[0];
    const registryAuth = first ? registryAuthFor(first.reference, this.options.hostLogin) : undefined;
    return {
      kind: 'release',
      request: {
        version,
        environment: context.environment,
        services,
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
 * Looked up for a one-service release only: several services share the
 * version the release plan gave them.
 */
async function realVersion(options: DeployTaskOptions, images: ServiceImage[], context: TaskContext): Promise<string> {
  const { version, registry } = options;
  const only = options.services.length === 1 ? options.services[0] : undefined;
  const digest = images[0]?.digest;
  if (isSemanticVersion(version) || !only?.reference.tag || !digest) return version;
  const { reference } = only;
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
