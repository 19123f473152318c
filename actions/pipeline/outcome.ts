import { UserError } from '@deploy-kit/action-kit';
import {
  afterAutomaticRollback,
  checksCouldNotRun,
  outcomeError,
  refusedByChecks,
  releaseFailure,
  releaseOutcome,
  type NoRollback,
  type ReleaseOutcome,
} from '@deploy-kit/engine';
import type { PipelineState } from './state';

/**
 * How the run ended, as one tagged outcome: what the summary, the final
 * notification, the outputs and the step's error are rendered from (the
 * engine's render functions, shared with the deploy and rollback actions).
 * `deployed`, `refused` by the checks, `cancelled`, `rolled-back` after a
 * failed deploy, `rollback-failed`, or `failed` with why it was not rolled back.
 */
export function pipelineOutcome(state: PipelineState): ReleaseOutcome {
  const { environment, version } = state;
  if (state.failedStage === 'checks') {
    if (state.checksError) return checksCouldNotRun(environment, version, state.checksError);
    return refusedByChecks(environment, version, state.checks?.failures ?? []);
  }
  if (state.result === 'deployed') return releaseOutcome('deploy', state.deploy, undefined, { environment });
  // A state whose deploy has not ended yet (only ever asked for its output names) reads as not deployed.
  const error = state.deployError ?? new Error(`${version} was not deployed`);
  const deploy = releaseFailure('deploy', state.deploy, error, version);
  if (state.cancelled) return { kind: 'cancelled', environment, ...deploy };
  const rollback: ReleaseOutcome | NoRollback = state.rollback
    ? releaseOutcome('rollback', state.rollback.progress, state.rollback.error, { environment })
    : noRollback(state);
  return afterAutomaticRollback(deploy, environment, rollback);
}

function noRollback(state: PipelineState): NoRollback {
  const reason = state.rollbackSkipped ?? 'no rollback was tried';
  return state.rollbackOn === 'never' ? { kind: 'off', reason } : { kind: 'skipped', reason };
}

/** Failed deliveries of every message sent, as `Notification to <channel> failed: <why>` lines. */
export function notificationFailures(state: PipelineState): string[] {
  const lines: string[] = [];
  for (const sent of state.notifications) {
    const status = sent.notice.status;
    if (sent.error) lines.push(`Notification (${status}) could not be sent: ${sent.error.message}`);
    for (const failed of sent.result?.failed ?? [])
      lines.push(`Notification (${status}) to ${failed.channel} failed: ${failed.reason}`);
  }
  return lines;
}

/**
 * The error that fails the step, or undefined when it succeeds: the outcome's
 * own error line (only `deployed` succeeds; a successful rollback still fails
 * the step), with undelivered notifications added after it when
 * `notify-fail-on-error` asks. A notification problem never replaces the
 * deploy's own failure.
 */
export function pipelineError(state: PipelineState, notifyFailOnError: boolean): Error | undefined {
  const error = outcomeError(pipelineOutcome(state));
  const problems = notifyFailOnError ? notificationFailures(state) : [];
  if (problems.length === 0) return error;
  const notified = `${problems.join('; ')}.`;
  if (!error) return new UserError(notified);
  const message = `${error.message.replace(/[.\s]+$/, '')}. ${notified}`;
  const cause = error.cause ?? error;
  return error instanceof UserError ? new UserError(message, { cause }) : new Error(message, { cause });
}
