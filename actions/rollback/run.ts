import { RollbackTask, outcomeOutputs } from '@deploy-kit/engine';
import { executeRelease, refuseWithSummary } from '../deploy/execute-release';
import { inputsMovingTags } from '../deploy/inputs-service';
import { isProductionEnvironment } from '@deploy-kit/ledger';
import { fileMovingTags, fileSettings } from '../deploy/config-release';
import { prepareRelease } from '../deploy/prepare-release';
import { checkFileRollback } from './file-checks';
import { readRollbackInputs } from './inputs';

/**
 * rollback: validate every input -> choose the release to go back to from the
 * ledger -> redeploy its exact digest through the target -> health check ->
 * record a `rollback` deployment and mark the one rolled back from as failed.
 */
export async function run(signal: AbortSignal): Promise<void> {
  const inputs = await refuseWithSummary('Rollback refused', '', readRollbackInputs);
  const { fromFile, prepared } = await refuseWithSummary(
    `Rollback of ${inputs.environment} refused`,
    inputs.environment,
    async () => {
      // With a config file every service of the file goes back together; the images come from the ledger.
      const fromFile = inputs.config ? await fileSettings({ ...inputs, config: inputs.config }) : undefined;
      const prepared = prepareRelease(inputs, process.env, fromFile?.file);
      if (fromFile) await checkFileRollback(fromFile.settings, prepared, inputs);
      return { fromFile, prepared };
    },
  );
  const movingTags = fromFile
    ? fileMovingTags(fromFile.settings, prepared.registry, inputs['semver-tags'])
    : inputsMovingTags(isProductionEnvironment(inputs.environment), prepared.registry, inputs['semver-tags']);
  const task = new RollbackTask({
    registry: prepared.registry,
    ...(prepared.hostLogin ? { hostLogin: prepared.hostLogin } : {}),
    ...(inputs.to ? { to: inputs.to } : {}),
    ...(inputs.reason ? { reason: inputs.reason } : {}),
  });
  await executeRelease(
    task,
    { ...prepared.deps, movingTags },
    {
      signal,
      title: `Roll back ${inputs.environment}`,
      summary: {
        repositoryUrl: prepared.repositoryUrl,
        runUrl: prepared.context.runUrl,
        ...(prepared.deps.environmentUrl ? { environmentUrl: prepared.deps.environmentUrl } : {}),
      },
      outputs: (outcome) =>
        outcomeOutputs(outcome, [
          'version',
          'image-ref',
          'deployment-id',
          'rolled-back-from',
          'already-running',
          'healthy',
        ]),
    },
  );
}
