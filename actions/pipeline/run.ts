import * as core from '@actions/core';
import { setOutputs, toError, writeSummary } from '@deploy-kit/action-kit';
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
export async function run(): Promise<void> {
  const inputs = readPipelineInputs();
  const prepared = preparePipeline(inputs);
  const state = await runPipeline(
    {
      checks: () => runPreDeployChecks(prepared),
      deploy: (progress) => deployRelease(prepared, progress),
      rollback: (deployed, progress, failedStage) => rollBackRelease(prepared, deployed, progress, failedStage),
      notify: (notice) => sendNotice(prepared, notice),
    },
    {
      environment: inputs.environment,
      version: prepared.version,
      rollbackOn: prepared.rollbackOn,
      notifyStarted: inputs['notify-started'],
    },
  );

  setOutputs(pipelineOutputs(state, inputs['environment-url']));
  for (const line of notificationFailures(state)) core.warning(line);
  try {
    const { title, sections } = pipelineSummary(state, {
      target: prepared.release.target,
      healthConfigured: prepared.release.health !== undefined,
      repositoryUrl: prepared.release.repositoryUrl,
      runUrl: prepared.release.context.runUrl,
      ...(inputs['environment-url'] ? { environmentUrl: inputs['environment-url'] } : {}),
    });
    await writeSummary(title, sections);
  } catch (error) {
    // A summary that cannot be written must not hide the deploy's own outcome.
    core.warning(`Could not write the job summary: ${toError(error).message}`);
  }
  const failure = pipelineError(state, inputs['notify-fail-on-error']);
  if (failure) throw failure;
  core.info(`${prepared.version} is live on ${inputs.environment}`);
}
