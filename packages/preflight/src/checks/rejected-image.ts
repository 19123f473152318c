import { oneLine, type CheckContext, type CheckResult } from '../types';

/**
 * A moving tag (`latest`) can still point at an image that was rolled back:
 * the digest's most recent deployment on this environment must not have
 * ended in failure, unless forced.
 */
export async function checkRejectedImage(
  { inputs, ledger, current }: CheckContext,
  digest: string | undefined,
): Promise<CheckResult> {
  const check = 'not a failed image';
  if (!digest) return { check, outcome: 'skipped', detail: 'the image did not resolve to a digest' };
  try {
    const last = await ledger.latestOf(inputs.environment, digest);
    if (!last || (last.state !== 'failure' && last.state !== 'error')) {
      const how = last ? `last deployed as #${last.id} (${last.state ?? 'no status'})` : 'never deployed here';
      return { check, outcome: 'passed', detail: `${digest}: ${how}` };
    }
    const rolledBack =
      current &&
      !(current instanceof Error) &&
      current.task === 'rollback' &&
      (current.payload.rolledBackFrom?.deploymentId === last.id || current.payload.rolledBackFrom?.digest === digest);
    const what = `${last.payload.version || 'image'} (${digest}) failed on ${inputs.environment} at ${last.createdAt} (deployment #${last.id})${rolledBack ? ' and was rolled back' : ''}`;
    if (inputs.force) return { check, outcome: 'passed', detail: `${what}; allowed by force` };
    return { check, outcome: 'failed', detail: `${what}; use force: true to deploy it anyway` };
  } catch (error) {
    return { check, outcome: 'failed', detail: `could not read the deployments of ${digest}: ${oneLine(error)}` };
  }
}
