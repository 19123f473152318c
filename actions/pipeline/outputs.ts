import type { OutputValue } from '@deploy-kit/action-kit';
import { outcomeOutputs } from '@deploy-kit/engine';
import { pipelineOutcome } from './outcome';
import type { PipelineState } from './state';

/**
 * The step's outputs; set whatever the result, as far as the run got. What
 * the release did comes from the outcome (the same values the deploy and
 * rollback actions set); the checks' failures and the channels reached from
 * the stages that ran.
 */
export function pipelineOutputs(
  state: PipelineState,
  environmentUrl?: string,
): Record<string, OutputValue | undefined> {
  const delivered = new Set(state.notifications.flatMap((sent) => sent.result?.delivered ?? []));
  return {
    ...outcomeOutputs(pipelineOutcome(state), [
      'result',
      'failed-stage',
      'deployment-id',
      'image-ref',
      'digest',
      'version',
      'previous-version',
      'previous-image-ref',
      'healthy',
      'rollback-deployment-id',
      'rolled-back-to',
    ]),
    'check-failures': state.checks ? JSON.stringify(state.checks.failures) : undefined,
    'environment-url': environmentUrl,
    notified: [...delivered].join(','),
  };
}
