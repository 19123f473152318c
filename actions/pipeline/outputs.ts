import type { OutputValue } from '@deploy-kit/action-kit';
import type { PipelineState } from './state';

/** The step's outputs; set whatever the result, as far as the run got. */
export function pipelineOutputs(
  state: PipelineState,
  environmentUrl?: string,
): Record<string, OutputValue | undefined> {
  const { deploy, rollback } = state;
  const rolledBack = state.result === 'rolled-back' ? rollback?.progress : undefined;
  const delivered = new Set(state.notifications.flatMap((sent) => sent.result?.delivered ?? []));
  return {
    result: state.result,
    'failed-stage': state.failedStage,
    'deployment-id': deploy.record?.id,
    'image-ref': deploy.plan?.request.imageRef,
    digest: deploy.plan?.request.digest,
    version: state.version,
    'previous-version': deploy.previous?.version,
    'previous-image-ref': deploy.previous?.imageRef,
    healthy: deploy.health ? deploy.health.healthy : undefined,
    'rollback-deployment-id': rolledBack?.record?.id,
    'rolled-back-to': rolledBack?.plan?.request.version,
    'check-failures': state.checks ? JSON.stringify(state.checks.failures) : undefined,
    'environment-url': environmentUrl,
    notified: [...delivered].join(','),
  };
}
