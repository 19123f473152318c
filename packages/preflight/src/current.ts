import type { DeploymentLedger, DeploymentRecord } from '@deploy-kit/ledger';

/**
 * What the environment runs now, from the ledger. A failed read is kept as
 * the Error, not thrown: the checks that need it report it, the others run.
 */
export async function readCurrent(
  ledger: DeploymentLedger,
  environment: string,
): Promise<DeploymentRecord | undefined | Error> {
  return ledger
    .current(environment)
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** The version the environment runs now, when the ledger could be read and records one. */
export function currentVersionOf(current: DeploymentRecord | undefined | Error): string | undefined {
  return current instanceof Error ? undefined : current?.payload.version || undefined;
}
