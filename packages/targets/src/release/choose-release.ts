import { UserError } from '@deploy-kit/action-kit';
import type { DeploymentLedger, DeploymentRecord } from '@deploy-kit/ledger';

/** What a rollback goes back to, and what it leaves. */
export interface RollbackChoice {
  /** The deployment whose image is redeployed. */
  to: DeploymentRecord;
  /** The deployment being rolled back (the newest one), if different from `to`. */
  from?: DeploymentRecord;
  /** The newest deployment of the environment. */
  latest: DeploymentRecord;
  /** The newest deployment is already a successful rollback to `to`: nothing left to do by default. */
  alreadyRolledBack: boolean;
}

/** How far back to look past redeploys of the same digest before giving up. */
const MAX_STEPS_BACK = 20;

/**
 * Chooses the rollback's destination from the ledger:
 * - `to` given: the newest successful deployment with that version or digest;
 * - else, when the newest deployment is itself a successful rollback, that
 *   rollback again (so running rollback twice changes nothing);
 * - else the last successful deployment before the newest one whose digest
 *   differs from it (rolling back to the same image would change nothing).
 */
export async function chooseRollback(
  ledger: DeploymentLedger,
  environment: string,
  to: string | undefined,
): Promise<RollbackChoice> {
  const [latest] = await ledger.history(environment, 1);
  if (!latest) throw new UserError(`Nothing to roll back to: no deployments of "${environment}" are recorded`);

  if (to) {
    const found = await ledger.findSuccessful(environment, to);
    if (!found) {
      throw new UserError(
        `Cannot roll back "${environment}" to "${to}": no successful deployment with that version or digest is recorded`,
      );
    }
    return { to: found, latest, ...(found.id === latest.id ? {} : { from: latest }), alreadyRolledBack: false };
  }

  if (latest.task === 'rollback' && latest.state === 'success') return { to: latest, latest, alreadyRolledBack: true };

  let candidate = await ledger.lastSuccessfulBefore(environment, latest.id);
  for (let step = 0; candidate && candidate.payload.digest === latest.payload.digest && step < MAX_STEPS_BACK; step++) {
    candidate = await ledger.lastSuccessfulBefore(environment, candidate.id);
  }
  if (!candidate || candidate.payload.digest === latest.payload.digest) {
    throw new UserError(
      `Nothing to roll back to: "${environment}" has no successful deployment of another image before #${latest.id} (${latest.payload.version})`,
    );
  }
  return { to: candidate, from: latest, latest, alreadyRolledBack: false };
}
