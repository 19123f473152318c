import { InputError, UserError } from '@deploy-kit/action-kit';
import { isProductionEnvironment } from '@deploy-kit/ledger';
import {
  DeployTask,
  deployVersion,
  outcomeOutputs,
  parseImageInput,
  type MovingTagsSettings,
} from '@deploy-kit/engine';
import { fileMovingTags, fileSettings } from './config-release';
import { executeRelease, refuseWithSummary } from './execute-release';
import { checkFileEnvironment } from './file-checks';
import { inputsMovingTags, inputsService } from './inputs-service';
import { prepareRelease, type PreparedRelease } from './prepare-release';
import { readDeployInputs, type DeployInputs } from './inputs';

/**
 * deploy: validate every input -> resolve the image's digest -> record the
 * deployment -> deploy through the target -> health check -> success or
 * failure in the ledger, outputs and a job summary either way.
 */
export async function run(signal: AbortSignal): Promise<void> {
  const inputs = await refuseWithSummary('Deploy refused', '', readDeployInputs);
  const { task, prepared, version, movingTags } = await refuseWithSummary(
    `Deploy to ${inputs.environment} refused`,
    inputs.environment,
    () => (inputs.config ? fromFile({ ...inputs, config: inputs.config }) : deployFromInputs(inputs)),
  );
  await executeRelease(
    task,
    { ...prepared.deps, movingTags },
    {
      signal,
      title: `Deploy ${version} to ${inputs.environment}`,
      summary: {
        requested: { ...(inputs.image ? { image: inputs.image } : {}), version },
        repositoryUrl: prepared.repositoryUrl,
        runUrl: prepared.context.runUrl,
        ...(prepared.deps.environmentUrl ? { environmentUrl: prepared.deps.environmentUrl } : {}),
      },
      outputs: (outcome) => ({
        // `version`: the real version when the tag was a moving one (latest, staging).
        ...outcomeOutputs(outcome, [
          'deployment-id',
          'image-ref',
          'digest',
          'version',
          'previous-version',
          'previous-image-ref',
          'healthy',
        ]),
        'environment-url': prepared.deps.environmentUrl,
      }),
    },
  );
}

export interface DeployParts {
  task: DeployTask;
  prepared: PreparedRelease;
  version: string;
  movingTags: MovingTagsSettings;
}

/** Today's inputs: one service (`app`), the `image` input. Checks every input before anything is contacted. */
export function deployFromInputs(inputs: DeployInputs, env: NodeJS.ProcessEnv = process.env): DeployParts {
  if (!inputs.image) throw new InputError('image', 'is required');
  const reference = parseImageInput('image', inputs.image);
  const version = deployVersion(inputs.version, reference);
  const prepared = prepareRelease(inputs, env);
  const task = new DeployTask({
    services: [{ slot: inputsService(inputs['image-variable']), image: inputs.image, reference }],
    version,
    sha: requireSha(prepared),
    registry: prepared.registry,
    ...(prepared.hostLogin ? { hostLogin: prepared.hostLogin } : {}),
  });
  const movingTags = inputsMovingTags(
    isProductionEnvironment(inputs.environment),
    prepared.registry,
    inputs['semver-tags'],
  );
  return { task, prepared, version, movingTags };
}

/** The config file: every service of the file, each image tagged with the `version` input. */
async function fromFile(inputs: DeployInputs & { config: string }): Promise<DeployParts> {
  const version = inputs.version;
  if (!version)
    throw new InputError('version', 'is required with "config": it names the release every service deploys');
  const { settings, file } = await fileSettings(inputs);
  const services = settings.services.map(({ slot, image }) => ({
    slot,
    image,
    reference: parseImageInput('config', image),
  }));
  const prepared = prepareRelease(inputs, process.env, file);
  await checkFileEnvironment(settings, prepared, { environment: inputs.environment, version });
  const task = new DeployTask({
    services,
    version,
    sha: requireSha(prepared),
    registry: prepared.registry,
    ...(prepared.hostLogin ? { hostLogin: prepared.hostLogin } : {}),
  });
  return { task, prepared, version, movingTags: fileMovingTags(settings, prepared.registry, inputs['semver-tags']) };
}

function requireSha(prepared: PreparedRelease): string {
  if (!prepared.context.sha) throw new UserError('GITHUB_SHA is not set: run this action inside a GitHub Actions job');
  return prepared.context.sha;
}
