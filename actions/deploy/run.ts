import { UserError } from '@deploy-kit/action-kit';
import { DeployStrategy, deployVersion, executeRelease, parseImageInput, prepareRelease } from '@deploy-kit/targets';
import { readDeployInputs } from './inputs';

/**
 * deploy: validate every input -> resolve the image's digest -> record the
 * deployment -> deploy through the target -> health check -> success or
 * failure in the ledger, outputs and a job summary either way.
 */
export async function run(signal: AbortSignal): Promise<void> {
  const inputs = readDeployInputs();
  const reference = parseImageInput('image', inputs.image);
  const version = deployVersion(inputs.version, reference);
  const prepared = prepareRelease(inputs);
  if (!prepared.context.sha) throw new UserError('GITHUB_SHA is not set: run this action inside a GitHub Actions job');
  const strategy = new DeployStrategy({
    image: inputs.image,
    reference,
    version,
    sha: prepared.context.sha,
    registry: prepared.registry,
    ...(prepared.hostLogin ? { hostLogin: prepared.hostLogin } : {}),
  });
  await executeRelease(strategy, prepared.deps, {
    signal,
    title: `Deploy ${version} to ${inputs.environment}`,
    summary: {
      requested: { image: inputs.image, version },
      repositoryUrl: prepared.repositoryUrl,
      runUrl: prepared.context.runUrl,
      ...(inputs['environment-url'] ? { environmentUrl: inputs['environment-url'] } : {}),
    },
    outputs: (progress) => ({
      'deployment-id': progress.record?.id,
      'image-ref': progress.plan?.request.imageRef,
      digest: progress.plan?.request.digest,
      // The real version when the tag was a moving one (latest, staging).
      version: progress.plan?.request.version ?? version,
      'previous-version': progress.previous?.version,
      'previous-image-ref': progress.previous?.imageRef,
      'environment-url': inputs['environment-url'],
      healthy: progress.health ? progress.health.healthy : undefined,
    }),
  });
}
