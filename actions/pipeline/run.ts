import * as core from '@actions/core';
import { setOutputs, toError, UserError, writeSummary } from '@deploy-kit/action-kit';
import { outcomeOutputs, outcomeSummarySections, refusedInput } from '@deploy-kit/engine';
import { runPreDeployChecks } from './checks-stage';
import { readPipelineInputs } from './inputs';
import { sendNotice } from './notify-stage';
import { notificationFailures, pipelineError } from './outcome';
import { pipelineOutputs } from './outputs';
import { runPipeline } from './pipeline';
import { preparePipeline } from './prepare';
import { deployRelease, rollBackRelease } from './release-stages';
import { pipelineSummary } from './summary';

/**
 * The one-step action: validate every stage's inputs -> pre-deploy checks ->
 * deploy + health check -> automatic rollback when it failed -> notify. The
 * outputs and the job summary are written whatever happened; then the step
 * fails unless the release asked for is live.
 */
export async function run(signal: AbortSignal): Promise<void> {
  const { inputs, prepared } = await readAndPrepare();
  // Every input is valid: the target may connect (SSH) while the pre-deploy checks run.
  prepared.release.target.prepare?.();
  const state = await runPipeline(
    {
      checks: () => runPreDeployChecks(prepared),
      deploy: (progress) => deployRelease(prepared, progress, signal),
      rollback: (deployed, progress, failedStage) => rollBackRelease(prepared, deployed, progress, failedStage),
      notify: (notice) => sendNotice(prepared, notice),
    },
    {
      environment: inputs.environment,
      version: prepared.version,
      rollbackOn: prepared.rollbackOn,
      notifyStarted: inputs['notify-started'],
      signal,
    },
  );

  setOutputs(pipelineOutputs(state, prepared.release.deps.environmentUrl));
  for (const line of notificationFailures(state)) core.warning(line);
  try {
    const { title, sections } = pipelineSummary(state, {
      target: prepared.release.target,
      healthConfigured: (prepared.release.deps.health?.length ?? 0) > 0,
      repositoryUrl: prepared.release.repositoryUrl,
      runUrl: prepared.release.context.runUrl,
      requested: { ...(inputs.image ? { image: inputs.image } : {}), version: prepared.version },
      ...(prepared.release.deps.environmentUrl ? { environmentUrl: prepared.release.deps.environmentUrl } : {}),
    });
    await writeSummary(title, sections);
  } catch (error) {
    // A summary that cannot be written must not hide the deploy's own outcome.
    core.warning(`Could not write the job summary: ${toError(error).message}`);
  }
  // Deactivating earlier deployments runs in the background after a success; nothing above needed it.
  await prepared.release.ledger.flush();
  const failure = pipelineError(state, inputs['notify-fail-on-error']);
  if (failure) throw failure;
  core.info(`${prepared.version} is live on ${inputs.environment}`);
}

/**
 * Every input of every stage, checked before anything is contacted. A bad one
 * still gives `result: failed` and a short job summary (what was wrong,
 * nothing done), then fails the step with its one error line.
 */
async function readAndPrepare(): Promise<{
  inputs: ReturnType<typeof readPipelineInputs>;
  prepared: Awaited<ReturnType<typeof preparePipeline>>;
}> {
  try {
    const inputs = readPipelineInputs();
    return { inputs, prepared: await preparePipeline(inputs) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const refused = refusedInput(core.getInput('environment'), error);
    setOutputs(outcomeOutputs(refused, ['result']));
    try {
      await writeSummary('Deploy pipeline: not started', outcomeSummarySections(refused, {}));
    } catch (summaryError) {
      core.warning(`Could not write the job summary: ${toError(summaryError).message}`);
    }
    throw error;
  }
}
