import { UserError } from '@deploy-kit/action-kit';
import type { ReleaseFailure, ReleaseOutcome } from './outcome';

/**
 * The error that fails the step, or undefined when what was asked for is live
 * (or already was): a deploy or rollback action's own error as it is; the
 * one-step action's as one line that says what failed and what happened next
 * (rolled back, or why not). A successful automatic rollback still fails the
 * step: the release asked for is not running. The error is a UserError (one
 * clear line) unless a release failed with a bug, whose stack the error
 * boundary then keeps (as the cause).
 */
export function outcomeError(outcome: ReleaseOutcome): Error | undefined {
  switch (outcome.kind) {
    case 'deployed':
    case 'already-running':
      return undefined;
    case 'refused':
    case 'cancelled':
      return outcome.error;
    case 'rolled-back': {
      const { after } = outcome;
      if (!after) return undefined;
      const to = `${outcome.facts.version} (deployment #${outcome.deploymentId})`;
      const asked = after.version ?? 'the release asked for';
      return oneLine(
        [
          after.error.message,
          `Rolled back ${outcome.environment} to ${to}; the step fails because ${asked} is not running`,
        ],
        [after],
      );
    }
    case 'rollback-failed':
      return oneLine(
        [
          outcome.after.error.message,
          `The automatic rollback failed too: ${stripStop(outcome.rollback.error.message)}`,
        ],
        [outcome.after, outcome.rollback],
      );
    case 'failed': {
      const { rollback } = outcome;
      if (!rollback) return outcome.error;
      const parts = [outcome.error.message];
      if (rollback.kind === 'skipped') parts.push(`Not rolled back: ${rollback.reason}`);
      if (rollback.kind === 'not-needed')
        parts.push(`No rollback was needed: ${outcome.environment} still runs the last good release`);
      return oneLine(parts, [outcome]);
    }
  }
}

/** `A. B.` from its parts; a bug among the causes keeps its stack as the cause, else a UserError. */
function oneLine(parts: string[], failures: ReleaseFailure[]): Error {
  const message = `${parts.map(stripStop).join('. ')}.`;
  const causes = failures.map((failure) => failure.error);
  const bug = causes.find((cause) => !(cause instanceof UserError));
  if (bug) return new Error(message, { cause: bug });
  return new UserError(message, causes[0] ? { cause: causes[0] } : undefined);
}

export function stripStop(message: string): string {
  return message.replace(/[.\s]+$/, '');
}
