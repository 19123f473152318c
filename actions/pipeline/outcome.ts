import { UserError } from '@deploy-kit/action-kit';
import type { PipelineState } from './state';

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
 * The error that fails the step, or undefined when it succeeds. Only a
 * deployed run succeeds: a successful rollback still fails the step (the
 * release asked for is not running), and a notification problem never
 * replaces the deploy's own failure, it is only added to it. The error is a
 * UserError (one clear line) unless a stage failed with a bug, whose stack
 * the error boundary then keeps.
 */
export function pipelineError(state: PipelineState, notifyFailOnError: boolean): Error | undefined {
  const parts: string[] = [];
  const causes: Error[] = [];
  const { environment, version } = state;

  if (state.failedStage === 'checks') {
    if (state.checksError) {
      parts.push(`The pre-deploy checks could not run: ${state.checksError.message}`);
      causes.push(state.checksError);
    } else {
      const list = (state.checks?.failures ?? []).map((f) => `${f.check}: ${f.reason}`).join('; ');
      parts.push(`Pre-deploy checks failed for ${environment}: ${list}. Nothing was deployed`);
    }
  } else if (state.deployError) {
    causes.push(state.deployError);
    parts.push(stripStop(state.deployError.message));
    const rollback = state.rollback;
    if (state.result === 'rolled-back') {
      const to = rollback?.progress.intent?.request.version ?? 'the last good deployment';
      const id = rollback?.progress.record?.id;
      parts.push(
        `Rolled back ${environment} to ${to}${id ? ` (deployment #${id})` : ''}; the step fails because ${version} is not running`,
      );
    } else if (rollback?.error) {
      causes.push(rollback.error);
      parts.push(`The automatic rollback failed too: ${stripStop(rollback.error.message)}`);
    } else if (rollback) {
      parts.push(`No rollback was needed: ${environment} still runs the last good release`);
    } else if (state.rollbackSkipped && state.rollbackOn !== 'never') {
      parts.push(`Not rolled back: ${state.rollbackSkipped}`);
    }
  }

  const notifyProblems = notificationFailures(state);
  const failed = parts.length > 0;
  if (!failed && !(notifyFailOnError && notifyProblems.length > 0)) return undefined;
  if (notifyFailOnError && notifyProblems.length > 0) parts.push(notifyProblems.join('; '));

  const message = `${parts.join('. ')}.`;
  const bug = causes.find((cause) => !(cause instanceof UserError));
  if (bug) return new Error(message, { cause: bug });
  return new UserError(message, causes[0] ? { cause: causes[0] } : undefined);
}

function stripStop(message: string): string {
  return message.replace(/[.\s]+$/, '');
}
