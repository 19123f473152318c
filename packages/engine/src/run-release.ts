import { UserError } from '@deploy-kit/action-kit';
import { FinalStatusError, recordDeployment, releasePayload, serviceSetKey } from '@deploy-kit/ledger';
import { checkHealth, type HealthCheckOptions, type HealthReport } from '@deploy-kit/health';
import { resolveHealthChecks } from './expected-version';
import { mergeHealthReports } from './merge-health';
import { moveTagsAfterHealth } from './moving-tags';
import { previousRelease } from './previous-release';
import { failureDescription, successDescription } from './status-description';
import type { DeploymentPayload } from '@deploy-kit/ledger';
import type { RunningRelease, RunningService, ServiceImage } from '@deploy-kit/targets';
import { RolloutFailedError } from '@deploy-kit/targets';
import type { TaskContext, ReleaseDependencies, ReleaseProgress, ReleaseTask } from './types';

/** The deploy passed every step on the target but the health check said no. */
export class UnhealthyReleaseError extends UserError {
  override name = 'UnhealthyReleaseError';
}

/**
 * The one deploy flow, shared by deploy and rollback:
 * intent (validate, resolve, choose) -> previous release -> ledger record
 * (in_progress) -> target.deploy -> health check -> success; any failure on
 * the way marks the record failed and is rethrown. Nothing is written before
 * the intent is complete, so a refused intent leaves no record behind. The
 * reads the intent and the record need (the task's registry and ledger
 * lookups, the target's host check, the ledger's current release) run side
 * by side: each is a network round trip, and none depends on another.
 */
export async function runRelease(
  task: ReleaseTask,
  deps: ReleaseDependencies,
  progress: ReleaseProgress = {},
): Promise<ReleaseProgress> {
  try {
    return await releaseSteps(task, deps, progress);
  } catch (error) {
    progress.outcome = 'failure';
    if (error instanceof FinalStatusError) progress.finalStatusMissing = error.deploymentId;
    throw error;
  }
}

async function releaseSteps(
  task: ReleaseTask,
  deps: ReleaseDependencies,
  progress: ReleaseProgress,
): Promise<ReleaseProgress> {
  const { target, ledger, environment, log } = deps;
  const services = [...deps.services].sort((a, b) => a.service.localeCompare(b.service));
  const serviceSet = serviceSetKey(services);
  // Started now, while the task looks up its images: the host check (an SSH connection and a
  // probe) and the ledger's current release only read. Their errors are awaited where they
  // are used, so an image the registry does not have is still the error a user sees first.
  const reading = settledLater(target.current(services, log));
  const recorded = settledLater(ledger.current(environment, serviceSet));
  const context: TaskContext = { target, ledger, environment, services, serviceSet, log, running: () => reading };
  const intent = await task.intent(context);
  progress.intent = intent;
  // Before anything is written: the version each check expects, from the images now known. The
  // target gets the same versions, so a per-host check expects what this check expects.
  const { checks, expectVersions } = await resolveHealthChecks(
    deps.health ?? [],
    intent.request,
    task.readBuiltVersion,
    log,
  );
  if (intent.kind === 'already-running') {
    log.info(intent.message);
    await verifyHealth(checks, deps, progress);
    deps.signal?.throwIfAborted();
    progress.outcome = 'already-running';
    return progress;
  }

  const previous = previousRelease(await reading, await recorded, context);
  if (previous) progress.previous = previous;
  const payload = releasePayload(
    intent.request.version,
    intent.request.services.map(({ service, image, digest }) => ({ service, image, digest })),
    {
      ...(previous ? { previous: previousOf(previous) } : {}),
      ...(target.rollout ? { rollout: target.rollout } : {}),
      ...intent.payloadExtras,
    },
  );

  await recordDeployment(
    ledger,
    {
      sha: intent.sha,
      environment,
      task: task.kind,
      payload,
      description: intent.description,
      ...(deps.environmentUrl ? { environmentUrl: deps.environmentUrl } : {}),
      ...(deps.productionEnvironment !== undefined ? { productionEnvironment: deps.productionEnvironment } : {}),
    },
    async (record) => {
      progress.record = record;
      log.info(
        `Deployment #${record.id} recorded as in progress; deploying ${describeImages(intent.request.services)} with ${target.describe()}`,
      );
      // The target gets the ledger record's id: Kubernetes annotates its workloads with it.
      const request = {
        ...intent.request,
        deploymentId: record.id,
        task: task.kind,
        ...(Object.keys(expectVersions).length > 0 ? { expectVersions } : {}),
        // Each step that ended (a host, a canary weight), in the log and on the ledger's record
        // as it happens: `Deploy v2: rolling: b updated (2 of 3 hosts)`, the final status's prefix.
        progress: (line: string) => {
          log.info(line);
          ledger.progress(record.id, `${intent.description}: ${line}`);
        },
      };
      const rollout = await target.deploy(request, log).catch((error: unknown) => {
        // A rollout in steps that failed still says what each host did, for the summary.
        if (error instanceof RolloutFailedError) progress.rollout = error.report;
        throw error;
      });
      if (rollout) progress.rollout = rollout;
      progress.deployed = true;
      await verifyHealth(checks, deps, progress);
    },
    () => ({
      // Each host's result: the payload, fixed when the record was created, holds only the plan.
      description: successDescription(intent.description, progress.rollout),
      ...(deps.environmentUrl ? { environmentUrl: deps.environmentUrl } : {}),
    }),
    {
      log: (line) => log.warning(line),
      failureDescription: (error) => failureDescription(error, progress.rollout),
      ...(deps.signal ? { signal: deps.signal } : {}),
    },
  );
  progress.outcome = 'success';
  // Only now, once healthy: a release that failed never gets a moving tag. After a rollback the
  // tags move back to the release now running, the one rolled back from left out of "the highest".
  if (deps.movingTags) {
    progress.movedTags = await moveTagsAfterHealth(intent.request, deps.movingTags, context);
  }
  // After the success is written: the release is live and healthy whatever this follow-up does.
  if (task.afterSuccess && progress.record) {
    try {
      // The earlier deployments are marked inactive in the background; a follow-up that writes
      // statuses itself (a rollback marking the one it replaced failed) must come after that.
      await ledger.flush();
      await task.afterSuccess(progress.record, context);
    } catch (error) {
      log.warning(
        `${intent.description} is live and recorded as successful, but the follow-up failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return progress;
}

/**
 * The same promise, marked as handled: a read started ahead whose result is
 * never awaited (the intent was refused first) must not end the process as an
 * unhandled rejection. Whoever awaits it still gets its error.
 */
function settledLater<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

async function verifyHealth(
  checks: readonly HealthCheckOptions[],
  deps: ReleaseDependencies,
  progress: ReleaseProgress,
): Promise<void> {
  if (checks.length === 0) return;
  const reports: HealthReport[] = [];
  for (const options of checks) {
    const report = await deps.log.group('Health check', () =>
      checkHealth(options, { log: (line) => deps.log.info(line), ...(deps.signal ? { signal: deps.signal } : {}) }),
    );
    reports.push(report);
    // The release is judged as a whole: the first unhealthy service decides, the others need not be waited for.
    if (!report.healthy) break;
  }
  const report = mergeHealthReports(reports);
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

/** The payload's `previous`: the version and every service's digest known to run before (`digest` too for one service). */
function previousOf(release: RunningRelease): NonNullable<DeploymentPayload['previous']> {
  const known = release.services.filter((s): s is RunningService & { digest: string } => Boolean(s.digest));
  const only = release.services.length === 1 ? known[0] : undefined;
  return {
    ...(release.version ? { version: release.version } : {}),
    ...(only ? { digest: only.digest } : {}),
    ...(known.length ? { services: known.map(({ service, digest }) => ({ service, digest })) } : {}),
  };
}

/** `api=repo@sha256:…, frontend=…`; a one-service release is just its image reference. */
export function describeImages(services: readonly ServiceImage[]): string {
  if (services.length === 1 && services[0]) return services[0].imageRef;
  return services.map((s) => `${s.service}=${s.imageRef}`).join(', ');
}
