import { UserError } from '@deploy-kit/action-kit';
import type { HealthCheckOptions } from '@deploy-kit/health';
import { serviceSetKey } from '@deploy-kit/ledger';
import { DeployTask, RollbackTask, chooseRollback, runRelease, type ReleaseProgress } from '@deploy-kit/engine';
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
  const { inputs, release, services, version } = prepared;
  const task = new DeployTask({
    services,
    version,
    sha: release.context.sha,
    ...registryLogin(prepared),
  });
  // A heading, not a group: the target and the health check open their own groups, and groups do not nest.
  release.log.info(`▶ Deploy ${version} to ${inputs.environment}`);
  await runRelease(task, signal ? { ...release.deps, signal } : release.deps, progress);
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
  const choice = await chooseRollback(release.ledger, environment, undefined, serviceSetKey(release.deps.services));
  if (deployed.record && choice.latest.id !== deployed.record.id) {
    throw new UserError(
      `Not rolling back automatically: deployment #${choice.latest.id} (${choice.latest.payload.version}) was recorded after this run's #${deployed.record.id}`,
    );
  }
  const to = choice.to.payload;
  const task = new RollbackTask({
    // One service: its digest; several (a config file's): the release's version, every service together.
    to: to.digest || to.version,
    reason: `Automatic rollback: ${version} ${failedStage === 'health-check' ? 'failed its health check' : 'failed to deploy'}`,
    ...registryLogin(prepared),
  });
  const health = release.deps.health?.map((check) => rollbackHealth(check, to.version));
  release.log.info(`▶ Roll back ${environment} to ${to.version} (deployment #${choice.to.id})`);
  await runRelease(task, { ...release.deps, ...(health ? { health } : {}) }, progress);
}

/**
 * The deploy's health check, for the release rolled back to: the same URLs
 * and assertions, but `expect-version` (when set) now expects that release's
 * version, not the one that failed.
 */
export function rollbackHealth(health: HealthCheckOptions, version: string): HealthCheckOptions {
  return health.expectVersion === undefined ? health : { ...health, expectVersion: version };
}
