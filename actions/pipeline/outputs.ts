import type { OutputValue } from '@deploy-kit/action-kit';
import { onlyService } from '../deploy/inputs-service';
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
    'image-ref': onlyService(deploy.intent?.request.services)?.imageRef,
    digest: onlyService(deploy.intent?.request.services)?.digest,
    version: state.version,
    'previous-version': deploy.previous?.version,
    'previous-image-ref': onlyService(deploy.previous?.services)?.imageRef,
    healthy: deploy.health ? deploy.health.healthy : undefined,
    'rollback-deployment-id': rolledBack?.record?.id,
    'rolled-back-to': rolledBack?.intent?.request.version,
    'check-failures': state.checks ? JSON.stringify(state.checks.failures) : undefined,
    'environment-url': environmentUrl,
    notified: [...delivered].join(','),
  };
}
