import type { DeploymentLedger, DeploymentRecord } from '@deploy-kit/ledger';

/**
 * What the environment runs now, from the ledger: for one service set
 * (serviceSetKey; the inputs path's is `app`), since another set's release in
 * the same environment is not what this one replaces, and the version policy
 * compares against this set's version. A failed read is kept as the Error,
 * not thrown: the checks that need it report it, the others run.
 */
export async function readCurrent(
  ledger: DeploymentLedger,
  environment: string,
  serviceSet?: string,
): Promise<DeploymentRecord | undefined | Error> {
  return ledger
    .current(environment, serviceSet)
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** The version the environment runs now, when the ledger could be read and records one. */
export function currentVersionOf(current: DeploymentRecord | undefined | Error): string | undefined {
  return current instanceof Error ? undefined : current?.payload.version || undefined;
}
