import { registryBuiltVersion, type BuiltVersionReader } from './expected-version';
import { UserError } from '@deploy-kit/action-kit';
import { sameImages, type DeploymentRecord } from '@deploy-kit/ledger';
import type { RegistryClient } from '@deploy-kit/registry';
import type { DeployRequest, RunningRelease, ServiceImage } from '@deploy-kit/targets';
import { imageRefOf } from './previous-release';
import { parseImageInput, registryAuthFor, resolveImage, type HostLogin } from './resolve-image';
import type { ReleaseIntent, ReleaseTask, TaskContext } from './types';
import { chooseRollback, type RollbackChoice } from './choose-release';
import { releaseDigests } from './summary';

export interface RollbackTaskOptions {
  to?: string;
  reason?: string;
  registry: RegistryClient;
  /** How the target host logs into the registry; undefined: it pulls with what it already has. */
  hostLogin?: HostLogin;
}

/**
 * Rollback: the exact digest of an earlier successful deployment, chosen from
 * the ledger, through the same flow as a deploy. Recorded as task `rollback`
 * with `rolledBackFrom`; once live, the deployment it replaced is marked
 * failed. When the target already runs the chosen digest nothing is
 * deployed or recorded, so running it twice leaves the same state.
 */
export class RollbackTask implements ReleaseTask {
  readonly kind = 'rollback' as const;
  readonly readBuiltVersion: BuiltVersionReader;
  private choice: RollbackChoice | undefined;

  constructor(private readonly options: RollbackTaskOptions) {
    this.readBuiltVersion = registryBuiltVersion(options.registry);
  }

  async intent(context: TaskContext): Promise<ReleaseIntent> {
    const choice = await chooseRollback(context.ledger, context.environment, this.options.to, context.serviceSet);
    this.choice = choice;
    const { to, from, latest } = choice;
    const request = await this.requestFor(to, context);

    // The target's own answer decides; a target that cannot tell is taken to run the ledger's newest success.
    const running = await context.running();
    const ledgerRunsIt = latest.id === to.id || (latest.state === 'success' && sameImages(latest.payload, to.payload));
    const runsIt = knowsEveryDigest(running) ? runsRequest(running, request) : ledgerRunsIt;
    if (runsIt) {
      const rolledBackFrom = to.payload.rolledBackFrom;
      const because =
        choice.alreadyRolledBack && rolledBackFrom
          ? ` (rolled back from ${rolledBackFrom.version ?? rolledBackFrom.digest} by deployment #${to.id})`
          : '';
      return {
        kind: 'already-running',
        request,
        record: to,
        message: `${context.environment} already runs ${to.payload.version} (${releaseDigests(request.services)})${because}: nothing to roll back, nothing recorded`,
      };
    }

    const fromVersion = from?.payload.version ?? running?.version;
    const fromDigest = from
      ? from.payload.digest
      : running?.services.length === 1
        ? running.services[0]?.digest
        : undefined;
    context.log.info(
      `Rolling back ${context.environment} from ${fromVersion || fromDigest || 'an unknown release'} to ${to.payload.version} (deployment #${to.id})`,
    );
    return {
      kind: 'release',
      request,
      sha: to.sha,
      description: `Roll back to ${to.payload.version}`,
      payloadExtras: {
        rolledBackFrom: {
          ...(fromVersion ? { version: fromVersion } : {}),
          ...(fromDigest ? { digest: fromDigest } : {}),
          ...(from ? { deploymentId: from.id } : {}),
        },
        ...(this.options.reason ? { reason: this.options.reason } : {}),
      },
    };
  }

  /** Marks the deployment rolled back from as failed, unless it already is (after the rollback's own success is written). */
  async afterSuccess(record: DeploymentRecord, context: TaskContext): Promise<void> {
    const from = this.choice?.from;
    if (!from || from.state === 'failure' || from.state === 'error') return;
    const reason = this.options.reason ? `: ${this.options.reason}` : '';
    await context.ledger
      .fail(from.id, { description: `Rolled back by deployment #${record.id}${reason}`.slice(0, 140) })
      .catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(`could not mark deployment #${from.id} (${from.payload.version}) as failed: ${why}`, {
          cause: error,
        });
      });
    context.log.info(`Marked deployment #${from.id} (${from.payload.version}) as failed: rolled back`);
  }

  /** The chosen deployment's exact digests, each checked to still exist in the registry. */
  private async requestFor(to: DeploymentRecord, context: TaskContext): Promise<DeployRequest> {
    const { services, version } = to.payload;
    if (services.length === 0 || services.some((s) => !s.image || !s.digest))
      throw new UserError(`Deployment #${to.id} has no image digest in its payload; it cannot be redeployed exactly`);
    const images: ServiceImage[] = [];
    let registryAuth: DeployRequest['registryAuth'];
    for (const { service, image, digest } of services) {
      const slot = context.services.find((s) => s.service === service);
      if (!slot)
        throw new UserError(`Deployment #${to.id} names service "${service}", which this release does not deploy`);
      const imageRef = imageRefOf(image, digest);
      const reference = parseImageInput('to', imageRef);
      const resolved = await resolveImage(image, reference, this.options.registry).catch((error: unknown) => {
        if (error instanceof UserError && /not found/.test(error.message)) {
          throw new UserError(`Cannot roll back to ${version}: its image ${imageRef} is no longer in the registry`);
        }
        throw error;
      });
      images.push({ ...slot, image, digest: resolved.digest, imageRef: resolved.imageRef });
      registryAuth ??= registryAuthFor(reference, this.options.hostLogin);
    }
    images.sort((a, b) => a.service.localeCompare(b.service));
    return {
      version,
      environment: context.environment,
      services: images,
      ...(registryAuth ? { registryAuth } : {}),
    };
  }
}

/** Whether the target told the digest of every service it was asked about. */
function knowsEveryDigest(running: RunningRelease | undefined): running is RunningRelease {
  return running !== undefined && running.services.length > 0 && running.services.every((s) => Boolean(s.digest));
}

/** Whether the target runs exactly the request's digests, service by service. */
function runsRequest(running: RunningRelease, request: DeployRequest): boolean {
  return request.services.every(
    (wanted) => running.services.find((s) => s.service === wanted.service)?.digest === wanted.digest,
  );
}
