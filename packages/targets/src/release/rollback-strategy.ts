import { UserError } from '@deploy-kit/action-kit';
import type { DeploymentRecord } from '@deploy-kit/ledger';
import type { RegistryClient } from '@deploy-kit/registry';
import type { DeployRequest } from '../types';
import { imageRefOf } from './previous-release';
import { parseImageInput, registryAuthFor, resolveImage, type HostLogin } from './resolve-image';
import type { AlreadyRunning, PlanContext, ReleasePlan, ReleaseStrategy } from './types';
import { chooseRollback, type RollbackChoice } from './choose-release';

export interface RollbackStrategyOptions {
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
export class RollbackStrategy implements ReleaseStrategy {
  readonly task = 'rollback' as const;
  private choice: RollbackChoice | undefined;

  constructor(private readonly options: RollbackStrategyOptions) {}

  async plan(context: PlanContext): Promise<ReleasePlan | AlreadyRunning> {
    const choice = await chooseRollback(context.ledger, context.environment, this.options.to);
    this.choice = choice;
    const { to, from, latest } = choice;
    const request = await this.requestFor(to, context);

    // The target's own answer decides; a target that cannot tell is taken to run the ledger's newest success.
    const running = await context.running();
    const runningDigest = running?.digest;
    const ledgerRunsIt =
      latest.id === to.id || (latest.state === 'success' && latest.payload.digest === to.payload.digest);
    const runsIt = runningDigest ? runningDigest === to.payload.digest : ledgerRunsIt;
    if (runsIt) {
      const rolledBackFrom = to.payload.rolledBackFrom;
      const because =
        choice.alreadyRolledBack && rolledBackFrom
          ? ` (rolled back from ${rolledBackFrom.version ?? rolledBackFrom.digest} by deployment #${to.id})`
          : '';
      return {
        alreadyRunning: true,
        request,
        record: to,
        message: `${context.environment} already runs ${to.payload.version} (${to.payload.digest})${because}: nothing to roll back, nothing recorded`,
      };
    }

    const fromRelease = from?.payload ?? running;
    context.log.info(
      `Rolling back ${context.environment} from ${fromRelease?.version ?? fromRelease?.digest ?? 'an unknown release'} to ${to.payload.version} (deployment #${to.id})`,
    );
    return {
      request,
      sha: to.sha,
      description: `Roll back to ${to.payload.version}`,
      payloadExtras: {
        rolledBackFrom: {
          ...(fromRelease?.version ? { version: fromRelease.version } : {}),
          ...(fromRelease?.digest ? { digest: fromRelease.digest } : {}),
          ...(from ? { deploymentId: from.id } : {}),
        },
        ...(this.options.reason ? { reason: this.options.reason } : {}),
      },
    };
  }

  /** Marks the deployment rolled back from as failed, unless it already is (after the rollback's own success is written). */
  async afterSuccess(record: DeploymentRecord, context: PlanContext): Promise<void> {
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

  /** The chosen deployment's exact digest, checked to still exist in the registry. */
  private async requestFor(to: DeploymentRecord, context: PlanContext): Promise<DeployRequest> {
    const { image, digest, version } = to.payload;
    if (!image || !digest)
      throw new UserError(`Deployment #${to.id} has no image digest in its payload; it cannot be redeployed exactly`);
    const imageRef = imageRefOf(image, digest);
    const reference = parseImageInput('to', imageRef);
    const resolved = await resolveImage(image, reference, this.options.registry).catch((error: unknown) => {
      if (error instanceof UserError && /not found/.test(error.message)) {
        throw new UserError(`Cannot roll back to ${version}: its image ${imageRef} is no longer in the registry`);
      }
      throw error;
    });
    const registryAuth = registryAuthFor(reference, this.options.hostLogin);
    return {
      image,
      digest: resolved.digest,
      imageRef: resolved.imageRef,
      version,
      environment: context.environment,
      ...(registryAuth ? { registryAuth } : {}),
    };
  }
}
