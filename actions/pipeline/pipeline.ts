import { toError } from '@deploy-kit/action-kit';
import type { NotifyResult } from '@deploy-kit/notify';
import { outcomeNotice, type ReleaseProgress } from '@deploy-kit/engine';
import { UnhealthyRolloutError, type RunningRelease, type ServiceImage } from '@deploy-kit/targets';
import type { RollbackOn } from './inputs';
import { pipelineOutcome } from './outcome';
import type { ChecksOutcome, FailedStage, Notice, PipelineState, RollbackAttempt } from './state';

/**
 * The stages the pipeline strings together. run.ts wires the real ones
 * (pre-deploy checks, the deploy and rollback strategies, the notify
 * channels); tests can pass their own to drive every branch.
 */
export interface PipelineStages {
  checks(): Promise<ChecksOutcome>;
  /** Fills `progress` as it goes; throws when the deploy (or its health check) failed. */
  deploy(progress: ReleaseProgress): Promise<void>;
  /** Rolls back after the failed deploy described by `deployed`; fills `progress`, throws on failure. */
  rollback(deployed: ReleaseProgress, progress: ReleaseProgress, failedStage: FailedStage): Promise<void>;
  notify(notice: Notice): Promise<NotifyResult>;
}

export interface PipelineOptions {
  environment: string;
  version: string;
  rollbackOn: RollbackOn;
  notifyStarted: boolean;
  /** The job's cancellation: a deploy it stops is not rolled back, and the final notification still goes out. */
  signal?: AbortSignal;
}

/**
 * checks -> (started) -> deploy + health -> rollback when it failed -> notify.
 * Never throws: every stage's outcome lands in the returned state, so the
 * outputs, the summary and the final notification always reflect what
 * happened. How it ended is pipelineOutcome's to say (outcome.ts); every
 * message, output, summary and error is rendered from that.
 */
export async function runPipeline(stages: PipelineStages, options: PipelineOptions): Promise<PipelineState> {
  const state: PipelineState = {
    environment: options.environment,
    version: options.version,
    rollbackOn: options.rollbackOn,
    result: 'failed',
    deploy: {},
    notifications: [],
  };

  try {
    state.checks = await stages.checks();
    if (state.checks.version) state.version = state.checks.version;
  } catch (error) {
    state.checksError = toError(error);
  }
  if (state.checksError || (state.checks?.failures.length ?? 0) > 0) {
    state.failedStage = 'checks';
    await send(stages, state, outcomeNotice(pipelineOutcome(state)));
    return state;
  }

  if (options.notifyStarted) await send(stages, state, { status: 'started', version: state.version });

  try {
    await stages.deploy(state.deploy);
    state.result = 'deployed';
  } catch (error) {
    state.deployError = toError(error);
    state.failedStage = state.deploy.health && !state.deploy.health.healthy ? 'health-check' : 'deploy';
    if (options.signal?.aborted) {
      state.cancelled = true;
      state.failedStage = 'deploy';
      state.rollbackSkipped = 'the job was cancelled';
    } else await rollBackIfWanted(stages, state);
  }

  await send(stages, state, outcomeNotice(pipelineOutcome(state)));
  return state;
}

async function rollBackIfWanted(stages: PipelineStages, state: PipelineState): Promise<void> {
  const skip = rollbackSkipReason(state);
  if (skip) {
    state.rollbackSkipped = skip;
    return;
  }
  const attempt: RollbackAttempt = { progress: {} };
  state.rollback = attempt;
  try {
    await stages.rollback(state.deploy, attempt.progress, state.failedStage as FailedStage);
    // `already-running` recorded nothing: the environment was never changed, so it is not a rollback.
    if (attempt.progress.outcome === 'success') state.result = 'rolled-back';
  } catch (error) {
    attempt.error = toError(error);
  }
}

/** Why a failed deploy is not rolled back, or undefined when it should be. */
export function rollbackSkipReason(state: PipelineState): string | undefined {
  if (state.rollbackOn === 'never') return '`rollback-on` is never';
  if (!state.deploy.record) return 'nothing was deployed (it stopped before the deployment was recorded)';
  // Going further back than what ran before would be a surprise, and the same image cannot fix itself.
  const { intent, previous } = state.deploy;
  if (previous && intent && runsSameImages(previous, intent.request.services))
    return 'the image that failed is the one that ran before, so there is nothing older to go back to';
  // A rollout that never became healthy on the target (Kubernetes: its rollout status) is an unhealthy release.
  const unhealthyRollout = state.deployError instanceof UnhealthyRolloutError;
  if (state.failedStage === 'deploy' && state.rollbackOn === 'unhealthy' && !unhealthyRollout)
    return 'the deploy failed on the target, not its health check (`rollback-on: failure` rolls back then too)';
  return undefined;
}

// A notification that cannot be sent must never change what the deploy did.
async function send(stages: PipelineStages, state: PipelineState, notice: Notice): Promise<void> {
  try {
    state.notifications.push({ notice, result: await stages.notify(notice) });
  } catch (error) {
    state.notifications.push({ notice, error: toError(error) });
  }
}

/** Whether what ran before had every service's digest the release that failed has. */
function runsSameImages(previous: RunningRelease, services: readonly ServiceImage[]): boolean {
  return services.every((wanted) => {
    const before = previous.services.find((s) => s.service === wanted.service)?.digest;
    return before !== undefined && before === wanted.digest;
  });
}
