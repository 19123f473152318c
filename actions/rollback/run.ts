import { RollbackStrategy, executeRelease, prepareRelease } from '@deploy-kit/targets';
import { readRollbackInputs } from './inputs';

/**
 * rollback: validate every input -> choose the release to go back to from the
 * ledger -> redeploy its exact digest through the target -> health check ->
 * record a `rollback` deployment and mark the one rolled back from as failed.
 */
export async function run(signal: AbortSignal): Promise<void> {
  const inputs = readRollbackInputs();
  const prepared = prepareRelease(inputs);
  const strategy = new RollbackStrategy({
    registry: prepared.registry,
    ...(prepared.hostLogin ? { hostLogin: prepared.hostLogin } : {}),
    ...(inputs.to ? { to: inputs.to } : {}),
    ...(inputs.reason ? { reason: inputs.reason } : {}),
  });
  await executeRelease(strategy, prepared.deps, {
    signal,
    title: `Roll back ${inputs.environment}`,
    summary: {
      repositoryUrl: prepared.repositoryUrl,
      runUrl: prepared.context.runUrl,
      ...(inputs['environment-url'] ? { environmentUrl: inputs['environment-url'] } : {}),
    },
    outputs: (progress) => {
      const plan = progress.plan;
      const rolledBackFrom =
        plan && 'alreadyRunning' in plan ? plan.record?.payload.rolledBackFrom : plan?.payloadExtras?.rolledBackFrom;
      const existing = plan && 'alreadyRunning' in plan ? plan.record : undefined;
      return {
        version: plan?.request.version,
        'image-ref': plan?.request.imageRef,
        'deployment-id': progress.record?.id ?? existing?.id,
        'rolled-back-from': rolledBackFrom?.version ?? rolledBackFrom?.digest,
        'already-running': progress.outcome === 'already-running',
        healthy: progress.health ? progress.health.healthy : undefined,
      };
    },
  });
}
