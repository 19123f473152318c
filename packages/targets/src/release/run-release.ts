import { UserError } from '@deploy-kit/action-kit';
import { FinalStatusError, recordDeployment, type DeploymentPayload } from '@deploy-kit/ledger';
import { checkHealth } from '@deploy-kit/health';
import { previousRelease } from './previous-release';
import type { RunningRelease } from '../types';
import type { PlanContext, ReleaseDependencies, ReleaseProgress, ReleaseStrategy } from './types';

/** The deploy passed every step on the target but the health check said no. */
export class UnhealthyReleaseError extends UserError {
  override name = 'UnhealthyReleaseError';
}

/**
 * The one deploy flow, shared by deploy and rollback:
 * plan (validate, resolve, choose) -> previous release -> ledger record
 * (in_progress) -> target.deploy -> health check -> success; any failure on
 * the way marks the record failed and is rethrown. Nothing is written before
 * the plan is complete, so a refused plan leaves no record behind.
 */
export async function runRelease(
  strategy: ReleaseStrategy,
  deps: ReleaseDependencies,
  progress: ReleaseProgress = {},
): Promise<ReleaseProgress> {
  try {
    return await releaseSteps(strategy, deps, progress);
  } catch (error) {
    progress.outcome = 'failure';
    if (error instanceof FinalStatusError) progress.finalStatusMissing = error.deploymentId;
    throw error;
  }
}

async function releaseSteps(
  strategy: ReleaseStrategy,
  deps: ReleaseDependencies,
  progress: ReleaseProgress,
): Promise<ReleaseProgress> {
  const { target, ledger, environment, log } = deps;
  // Read once, and only when asked: a deploy resolves its image in the registry before touching the target.
  let reading: Promise<RunningRelease | undefined> | undefined;
  const running = () => (reading ??= target.current(log));
  const context: PlanContext = { target, ledger, environment, log, running };
  const plan = await strategy.plan(context);
  progress.plan = plan;
  if ('alreadyRunning' in plan) {
    log.info(plan.message);
    if (deps.health) await verifyHealth(deps, progress);
    deps.signal?.throwIfAborted();
    progress.outcome = 'already-running';
    return progress;
  }

  const previous = await previousRelease(await running(), ledger, environment, log);
  if (previous) progress.previous = previous;
  const payload: DeploymentPayload = {
    image: plan.request.image,
    digest: plan.request.digest,
    version: plan.request.version,
    ...(previous && (previous.version || previous.digest) ? { previous: pick(previous) } : {}),
    ...plan.payloadExtras,
  };

  await recordDeployment(
    ledger,
    {
      sha: plan.sha,
      environment,
      task: strategy.task,
      payload,
      description: plan.description,
      ...(deps.environmentUrl ? { environmentUrl: deps.environmentUrl } : {}),
      ...(deps.productionEnvironment !== undefined ? { productionEnvironment: deps.productionEnvironment } : {}),
    },
    async (record) => {
      progress.record = record;
      log.info(
        `Deployment #${record.id} recorded as in progress; deploying ${plan.request.imageRef} with ${target.describe()}`,
      );
      await target.deploy(plan.request, log);
      progress.deployed = true;
      if (deps.health) await verifyHealth(deps, progress);
    },
    () => ({
      description: `${plan.description}: live`,
      ...(deps.environmentUrl ? { environmentUrl: deps.environmentUrl } : {}),
    }),
    { log: (line) => log.warning(line), ...(deps.signal ? { signal: deps.signal } : {}) },
  );
  progress.outcome = 'success';
  // After the success is written: the release is live and healthy whatever this follow-up does.
  if (strategy.afterSuccess && progress.record) {
    try {
      // The earlier deployments are marked inactive in the background; a follow-up that writes
      // statuses itself (a rollback marking the one it replaced failed) must come after that.
      await ledger.flush();
      await strategy.afterSuccess(progress.record, context);
    } catch (error) {
      log.warning(
        `${plan.description} is live and recorded as successful, but the follow-up failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return progress;
}

async function verifyHealth(deps: ReleaseDependencies, progress: ReleaseProgress): Promise<void> {
  if (!deps.health) return;
  const report = await deps.log.group('Health check', () =>
    checkHealth(deps.health!, { log: (line) => deps.log.info(line), ...(deps.signal ? { signal: deps.signal } : {}) }),
  );
  progress.health = report;
  // A check stopped by the cancellation is not a verdict on the release.
  deps.signal?.throwIfAborted();
  if (!report.healthy) {
    const failing = report.urls.find((url) => !url.healthy);
    const why = failing?.attempts.at(-1)?.error ?? failing?.reason ?? 'not healthy';
    throw new UnhealthyReleaseError(
      `Health check failed after ${report.attempts} attempt(s)${report.failingUrl ? ` for ${report.failingUrl}` : ''}: ${why}`,
    );
  }
}

function pick(release: { version?: string; digest?: string }): { version?: string; digest?: string } {
  return {
    ...(release.version ? { version: release.version } : {}),
    ...(release.digest ? { digest: release.digest } : {}),
  };
}
