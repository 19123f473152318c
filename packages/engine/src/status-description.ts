import { DESCRIPTION_LIMIT, fitDescription } from '@deploy-kit/ledger';
import { rolloutStatusText, type RolloutReport } from '@deploy-kit/targets';

/**
 * The GitHub deployment's payload is fixed once created, so it holds only the rollout's plan;
 * what each host did goes in the final status's description, the one place left that GitHub
 * shows on the deployments page. Its 140 characters are shared out here, never cut silently.
 */

/** A success's description: `Deploy v2: live; rolling a:ok b:ok c:ok`. */
export function successDescription(description: string, rollout: RolloutReport | undefined): string {
  const live = `${description}: live`;
  if (!rollout) return live;
  return fitDescription(`${live}; ${rolloutStatusText(rollout, DESCRIPTION_LIMIT - live.length - 2)}`);
}

/** Most of a failure's description the hosts may take; the error's first line gets the rest. */
const HOSTS_ROOM = 90;

/**
 * A failure's description: each host's result, then the error's first line, e.g. `rolling a:back
 * b:back c:health-failed; The rollout stopped at batch 3 of 3 (c: …`; undefined without a
 * rollout report (the error's line alone, as for a one-step target).
 */
export function failureDescription(error: unknown, rollout: RolloutReport | undefined): string | undefined {
  if (!rollout) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  return fitDescription(`${rolloutStatusText(rollout, HOSTS_ROOM)}; ${message.split('\n')[0] ?? ''}`);
}
