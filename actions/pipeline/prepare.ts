import * as core from '@actions/core';
import { InputError, UserError } from '@deploy-kit/action-kit';
import { createGitHubClient, type GitHubClient } from '@deploy-kit/github';
import { channelsFrom, type Channel } from '@deploy-kit/notify';
import { isProduction } from '@deploy-kit/preflight';
import { deployVersion, parseImageInput, type ImageReference } from '@deploy-kit/engine';
import { inputsMovingTags } from '../deploy/inputs-service';
import { prepareRelease, type PreparedRelease } from '../deploy/prepare-release';
import { ROLLBACK_ON, type PipelineInputs, type RollbackOn } from './inputs';

/** Every part of the pipeline, built from validated inputs; nothing has been contacted yet. */
export interface PreparedPipeline {
  inputs: PipelineInputs;
  release: PreparedRelease;
  reference: ImageReference;
  version: string;
  channels: Channel[];
  octokit: GitHubClient;
  rollbackOn: RollbackOn;
}

/**
 * Checks every input of every stage — the image reference, the version, the
 * target's inputs, the health-check lines, the notify channel combinations —
 * and builds the stages' parts. Runs before any side effect, so a bad input
 * for the last stage (notify) still fails before the first one deploys.
 */
export function preparePipeline(inputs: PipelineInputs, env: NodeJS.ProcessEnv = process.env): PreparedPipeline {
  if (inputs.config)
    throw new InputError(
      'config',
      'is not supported by the one-step action yet: use the deploy and rollback actions with "config" for a config file',
    );
  const reference = parseImageInput('image', inputs.image);
  const version = deployVersion(inputs.version, reference);
  const channels = channelsFrom({ ...inputs, 'fail-on-error': inputs['notify-fail-on-error'] });
  const release = prepareRelease(inputs, env);
  // The records say production exactly when the checks treated it as production (the `production` input).
  release.deps.productionEnvironment = isProduction(inputs);
  // The same rule decides which moving tags follow it once healthy: `latest` for production, else the environment's name.
  release.deps.movingTags = inputsMovingTags(isProduction(inputs), release.registry);
  if (!release.context.sha) throw new UserError('GITHUB_SHA is not set: run this action inside a GitHub Actions job');
  const octokit = createGitHubClient(inputs['github-token'], {
    baseUrl: release.context.apiUrl,
    log: (line: string) => core.info(line),
  });
  return {
    inputs,
    release,
    reference,
    version,
    channels,
    octokit,
    rollbackOn: inputs['rollback-on'] ?? ROLLBACK_ON[0],
  };
}
