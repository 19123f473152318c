import { failedStage, onlyServiceResult, primaryRelease, type ReleaseOutcome } from './outcome';

/**
 * Every output the deploy, rollback and one-step actions derive from how the
 * release ended, by its action.yml name. Each action sets the ones it
 * declares (`outcomeOutputs(outcome, [...names])`); the values are computed
 * here, once.
 */
export interface OutcomeOutputs {
  /** The one-step action's `result`: only a live release or a live rollback is not `failed`. */
  result: 'deployed' | 'rolled-back' | 'failed';
  /** The one-step action's stage that failed; undefined when live, or refused by an input. */
  'failed-stage': 'checks' | 'deploy' | 'health-check' | undefined;
  /** The deployment asked for: the failed deploy's when a rollback followed it. */
  'deployment-id': number | undefined;
  'image-ref': string | undefined;
  digest: string | undefined;
  version: string | undefined;
  'previous-version': string | undefined;
  'previous-image-ref': string | undefined;
  healthy: boolean | undefined;
  /** The rollback's deployment, when a rollback is live. */
  'rollback-deployment-id': number | undefined;
  'rolled-back-to': string | undefined;
  /** What a rollback replaced: its version, or its digest when it had none. */
  'rolled-back-from': string | undefined;
  'already-running': boolean;
}

export type OutcomeOutputName = keyof OutcomeOutputs;

/** The outputs named, from the outcome; a name whose value is unknown is present as undefined (set empty). */
export function outcomeOutputs<const N extends OutcomeOutputName>(
  outcome: ReleaseOutcome,
  names: readonly N[],
): Pick<OutcomeOutputs, N> {
  const all = allOutputs(outcome);
  return Object.fromEntries(names.map((name) => [name, all[name]])) as Pick<OutcomeOutputs, N>;
}

function allOutputs(outcome: ReleaseOutcome): OutcomeOutputs {
  const release = primaryRelease(outcome);
  const only = onlyServiceResult(outcome);
  const rolledBack = outcome.kind === 'rolled-back' ? outcome : undefined;
  const from = outcome.kind === 'rolled-back' || outcome.kind === 'already-running' ? outcome.from : undefined;
  return {
    result: outcome.kind === 'deployed' || outcome.kind === 'rolled-back' ? outcome.kind : 'failed',
    'failed-stage': stageOf(outcome),
    'deployment-id': release?.deploymentId,
    'image-ref': only?.imageRef,
    digest: only?.digest,
    version: release?.facts?.version ?? release?.version,
    'previous-version': release?.facts?.previousVersion,
    'previous-image-ref': only?.previousImageRef,
    healthy: release?.facts?.health?.healthy,
    'rollback-deployment-id': rolledBack?.deploymentId,
    'rolled-back-to': rolledBack?.facts.version,
    'rolled-back-from': from?.version ?? from?.digest,
    'already-running': outcome.kind === 'already-running',
  };
}

function stageOf(outcome: ReleaseOutcome): OutcomeOutputs['failed-stage'] {
  switch (outcome.kind) {
    case 'refused':
      return outcome.stage === 'checks' ? 'checks' : undefined;
    case 'cancelled':
      return 'deploy';
    case 'failed':
      return failedStage(outcome);
    case 'rolled-back':
      return outcome.after ? failedStage(outcome.after) : undefined;
    case 'rollback-failed':
      return failedStage(outcome.after);
    case 'deployed':
    case 'already-running':
      return undefined;
  }
}
