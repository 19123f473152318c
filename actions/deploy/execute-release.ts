import * as core from '@actions/core';
import { setOutputs, toError, UserError, writeSummary, type OutputValue } from '@deploy-kit/action-kit';
import {
  explainGitHubFailure,
  outcomeError,
  outcomeSummarySections,
  refusedInput,
  releaseOutcome,
  runRelease,
  type ReleaseDependencies,
  type ReleaseOutcome,
  type ReleaseProgress,
  type ReleaseTask,
  type SummaryContext,
} from '@deploy-kit/engine';
import { ChecksRefusedError } from './file-checks';

export interface ExecuteOptions {
  /** Job summary title, e.g. `Deploy to production`. */
  title: string;
  summary: Omit<SummaryContext, 'target'>;
  /** The action's outputs from how it ended (also set when it failed, as far as known). */
  outputs: (outcome: ReleaseOutcome) => Record<string, OutputValue | undefined>;
  /** The job's cancellation, from runAction. */
  signal?: AbortSignal;
}

/**
 * Runs the release flow inside an action: outputs and the job summary are
 * written whether it succeeded or not (a failed deploy's summary says how far
 * it got), then any error goes on to the action's error boundary.
 */
export async function executeRelease(
  task: ReleaseTask,
  deps: ReleaseDependencies,
  options: ExecuteOptions,
): Promise<ReleaseOutcome> {
  const progress: ReleaseProgress = {};
  let failure: Error | undefined;
  try {
    await runRelease(task, options.signal ? { ...deps, signal: options.signal } : deps, progress);
  } catch (thrown) {
    failure = explainGitHubFailure(toError(thrown));
  }
  const outcome = releaseOutcome(task.kind, progress, failure, {
    environment: deps.environment,
    ...(options.summary.requested?.version ? { version: options.summary.requested.version } : {}),
    cancelled: options.signal?.aborted ?? false,
  });
  setOutputs(options.outputs(outcome));
  try {
    const sections = outcomeSummarySections(outcome, { ...options.summary, target: deps.target });
    await writeSummary(options.title, sections);
  } catch (summaryError) {
    // A summary that cannot be written must not hide the deploy's own outcome.
    core.warning(`Could not write the job summary: ${toError(summaryError).message}`);
  }
  // Deactivating earlier deployments runs in the background after a success; nothing above needed it.
  await deps.ledger.flush();
  const error = outcomeError(outcome);
  if (error) throw error;
  return outcome;
}

/**
 * Runs what comes before the release (reading inputs, the config file, the pre-deploy checks):
 * a user mistake there is the `refused` outcome, and its job summary is written as every other
 * outcome's is, before the error goes on to the action's boundary. Bugs go on untouched.
 */
export async function refuseWithSummary<T>(
  title: string,
  environment: string,
  prepare: () => T | Promise<T>,
): Promise<T> {
  try {
    return await prepare();
  } catch (thrown) {
    if (thrown instanceof UserError) {
      try {
        const outcome: ReleaseOutcome =
          thrown instanceof ChecksRefusedError
            ? { kind: 'refused', environment, stage: 'checks', error: thrown, checks: [...thrown.failures] }
            : refusedInput(environment, thrown);
        await writeSummary(title, outcomeSummarySections(outcome, {}));
      } catch (summaryError) {
        core.warning(`Could not write the job summary: ${toError(summaryError).message}`);
      }
    }
    throw thrown;
  }
}
