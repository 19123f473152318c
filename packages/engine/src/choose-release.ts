import { UserError } from '@deploy-kit/action-kit';
import { sameImages, type DeploymentLedger, type DeploymentRecord } from '@deploy-kit/ledger';

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
 * - else, when the newest deployment is a rollback that failed, was cancelled
 *   or is still shown in progress, that rollback's own destination again: the
 *   release it rolled back from is never chosen (it is the broken one);
 * - else the last successful deployment before the newest one whose images
 *   differ from it (rolling back to the same images would change nothing).
 * Every query is for the environment's deployments of this service set
 * (serviceSetKey): all services go back together to the last release that
 * was good as a whole, never to another set's deployment.
 */
export async function chooseRollback(
  ledger: DeploymentLedger,
  environment: string,
  to: string | undefined,
  serviceSet: string,
): Promise<RollbackChoice> {
  const [latest] = await ledger.history(environment, 1, serviceSet);
  if (!latest) throw new UserError(`Nothing to roll back to: no deployments of "${environment}" are recorded`);

  if (to) {
    const found = await ledger.findSuccessful(environment, to, serviceSet);
    if (!found) {
      throw new UserError(
        `Cannot roll back "${environment}" to "${to}": no successful deployment with that version or digest is recorded`,
      );
    }
    return { to: found, latest, ...(found.id === latest.id ? {} : { from: latest }), alreadyRolledBack: false };
  }

  if (latest.task === 'rollback' && latest.state === 'success') return { to: latest, latest, alreadyRolledBack: true };
  if (latest.task === 'rollback') return retryRollback(ledger, environment, latest, serviceSet);

  let candidate = await ledger.lastSuccessfulBefore(environment, latest.id, serviceSet);
  for (let step = 0; candidate && sameImages(candidate.payload, latest.payload) && step < MAX_STEPS_BACK; step++) {
    candidate = await ledger.lastSuccessfulBefore(environment, candidate.id, serviceSet);
  }
  if (!candidate || sameImages(candidate.payload, latest.payload)) {
    throw new UserError(
      `Nothing to roll back to: "${environment}" has no successful deployment of another image before #${latest.id} (${latest.payload.version})`,
    );
  }
  return { to: candidate, from: latest, latest, alreadyRolledBack: false };
}

/**
 * A rollback that did not end in success is retried towards its own
 * destination (the digest in its payload), and still rolls back from the
 * release it named: falling through to "the last success before the newest"
 * would pick that broken release.
 */
async function retryRollback(
  ledger: DeploymentLedger,
  environment: string,
  latest: DeploymentRecord,
  serviceSet: string,
): Promise<RollbackChoice> {
  const { version, rolledBackFrom } = latest.payload;
  // Any one service's digest finds the destination within the service set; the whole release is compared below.
  const digest = latest.payload.services[0]?.digest;
  if (!digest || (rolledBackFrom?.digest && rolledBackFrom.digest === digest)) {
    throw new UserError(
      `Cannot retry rollback #${latest.id} of "${environment}": its payload names no digest other than the one it rolled back from; pass "to" explicitly`,
    );
  }
  const to = await findSameRelease(ledger, environment, latest, serviceSet);
  if (!to) {
    throw new UserError(
      `Cannot retry rollback #${latest.id} of "${environment}" to ${version} (${digest}): no successful deployment of that digest is recorded; pass "to" explicitly`,
    );
  }
  const from = await findRolledBackFrom(ledger, environment, latest, serviceSet);
  return { to, latest, ...(from ? { from } : {}), alreadyRolledBack: false };
}

/** The deployment a rollback named as the one it rolled back from, among the recent ones. */
async function findRolledBackFrom(
  ledger: DeploymentLedger,
  environment: string,
  rollback: DeploymentRecord,
  serviceSet: string,
): Promise<DeploymentRecord | undefined> {
  const named = rollback.payload.rolledBackFrom;
  if (!named) return undefined;
  const recent = await ledger.history(environment, MAX_STEPS_BACK, serviceSet);
  if (named.deploymentId !== undefined) return recent.find((record) => record.id === named.deploymentId);
  return recent.find(
    (record) =>
      record.id < rollback.id &&
      record.task !== 'rollback' &&
      (named.digest ? record.payload.digest === named.digest : record.payload.version === named.version),
  );
}

/** The newest successful deployment, other than `rollback` itself, that ran exactly the rollback's images. */
async function findSameRelease(
  ledger: DeploymentLedger,
  environment: string,
  rollback: DeploymentRecord,
  serviceSet: string,
): Promise<DeploymentRecord | undefined> {
  for (const wanted of [rollback.payload.version, rollback.payload.services[0]?.digest]) {
    if (!wanted) continue;
    const found = await ledger.findSuccessful(environment, wanted, serviceSet);
    if (found && sameImages(found.payload, rollback.payload)) return found;
  }
  return undefined;
}
