import { UserError } from '@deploy-kit/action-kit';
import type { HealthCheckOptions } from '@deploy-kit/health';
import {
  DeployStrategy,
  RollbackStrategy,
  chooseRollback,
  runRelease,
  type ReleaseProgress,
} from '@deploy-kit/targets';
import type { PreparedPipeline } from './prepare';
import type { FailedStage } from './state';

function registryLogin(prepared: PreparedPipeline) {
  const { release } = prepared;
  return { registry: release.registry, ...(release.hostLogin ? { hostLogin: release.hostLogin } : {}) };
}

/** The deploy action's flow: resolve the digest, record, deploy through the target, health check. */
export async function deployRelease(
  prepared: PreparedPipeline,
  progress: ReleaseProgress,
  signal?: AbortSignal,
): Promise<void> {
  const { inputs, release, reference, version } = prepared;
  const strategy = new DeployStrategy({
    image: inputs.image,
    reference,
    version,
    sha: release.context.sha,
    ...registryLogin(prepared),
  });
  // A heading, not a group: the target and the health check open their own groups, and groups do not nest.
  release.log.info(`▶ Deploy ${version} to ${inputs.environment}`);
  await runRelease(strategy, signal ? { ...release.deps, signal } : release.deps, progress);
}

/**
 * The rollback action's flow, back to the last successful deployment before
 * the one that just failed, pinned by its digest. Refuses when someone else
 * recorded a deployment in the meantime: rolling back over their deploy is
 * not this run's call.
 */
export async function rollBackRelease(
  prepared: PreparedPipeline,
  deployed: ReleaseProgress,
  progress: ReleaseProgress,
  failedStage: FailedStage,
): Promise<void> {
  const { release, version } = prepared;
  const environment = release.deps.environment;
  const choice = await chooseRollback(release.ledger, environment, undefined);
  if (deployed.record && choice.latest.id !== deployed.record.id) {
    throw new UserError(
      `Not rolling back automatically: deployment #${choice.latest.id} (${choice.latest.payload.version}) was recorded after this run's #${deployed.record.id}`,
    );
  }
  const to = choice.to.payload;
  const strategy = new RollbackStrategy({
    to: to.digest,
    reason: `Automatic rollback: ${version} ${failedStage === 'health-check' ? 'failed its health check' : 'failed to deploy'}`,
    ...registryLogin(prepared),
  });
  const health = release.health ? rollbackHealth(release.health, to.version) : undefined;
  release.log.info(`▶ Roll back ${environment} to ${to.version} (deployment #${choice.to.id})`);
  await runRelease(strategy, { ...release.deps, ...(health ? { health } : {}) }, progress);
}

/**
 * The deploy's health check, for the release rolled back to: the same URLs
 * and assertions, but `expect-version` (when set) now expects that release's
 * version, not the one that failed.
 */
export function rollbackHealth(health: HealthCheckOptions, version: string): HealthCheckOptions {
  return health.expectVersion === undefined ? health : { ...health, expectVersion: version };
}
