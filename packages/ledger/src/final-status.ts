import { UserError } from '@deploy-kit/action-kit';
import type { DeploymentState } from './types';

/** The states that end a deployment: what a user looks for in GitHub's Deployments view. */
export const FINAL_STATES: readonly DeploymentState[] = ['success', 'failure', 'error', 'inactive'];

/**
 * GitHub would not take a deployment's final status within the time allowed:
 * the deployment stays without an outcome in GitHub until someone sets one.
 * The message names the deployment, so the user knows which one to fix.
 */
export class FinalStatusError extends UserError {
  override name = 'FinalStatusError';
  constructor(
    readonly deploymentId: number,
    readonly state: DeploymentState,
    /** Why GitHub did not take it, e.g. `HTTP 503: Service Unavailable, 7 attempt(s)`. */
    readonly reason: string,
    options: ErrorOptions & { outcome?: string } = {},
  ) {
    super(
      `${options.outcome ? `${options.outcome}. ` : ''}Deployment #${deploymentId} was left without a final status: GitHub did not accept "${state}" (${reason}); set it by hand or re-run the job`,
      options,
    );
  }
}

/**
 * How long to wait before attempt `attempt + 1` of a status write: 1 s, 2 s,
 * 3 s ... at most 4 s. GitHub asks for writes at least a second apart; the
 * client's throttling keeps that spacing on top of this.
 */
export function statusRetryDelayMs(attempt: number): number {
  return Math.min(attempt, 4) * 1000;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `work`, but at most `ms`; the timer is cleared either way, so it never holds the process open. */
export async function waitAtMost(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
