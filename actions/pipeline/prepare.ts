import * as core from '@actions/core';
import { InputError, UserError } from '@deploy-kit/action-kit';
import { createGitHubClient, type GitHubClient } from '@deploy-kit/github';
import { channelsFrom, type Channel } from '@deploy-kit/notify';
import { isProduction, type CheckSettings } from '@deploy-kit/preflight';
import { deployVersion, parseImageInput, type ServiceToDeploy } from '@deploy-kit/engine';
import { fileMovingTags, fileSettings } from '../deploy/config-release';
import type { ConfigSettings } from '../deploy/config-settings';
import { fileCheckSettings } from '../deploy/file-checks';
import { inputsMovingTags, inputsService } from '../deploy/inputs-service';
import { prepareRelease, type PreparedRelease } from '../deploy/prepare-release';
import { ROLLBACK_ON, type PipelineInputs, type RollbackOn } from './inputs';

/** Every part of the pipeline, built from validated inputs (and the config file); nothing has been contacted yet. */
export interface PreparedPipeline {
  inputs: PipelineInputs;
  release: PreparedRelease;
  /**
   * Every service the release deploys, with the image named for it: the
   * `image` input's one service (`app`), or each service of the config file,
   * tagged with `version`. Deployed together and rolled back together.
   */
  services: ServiceToDeploy[];
  version: string;
  channels: Channel[];
  octokit: GitHubClient;
  rollbackOn: RollbackOn;
  /** What the pre-deploy checks judge: the check inputs, or the config file environment's settings. */
  checks: CheckSettings;
  /** Production as the checks, the records and the notifications treat it. */
  production: boolean;
  /** The config file's release settings, when `config` names one. */
  file?: ConfigSettings;
}

/**
 * Checks every input of every stage — the image reference (or the config
 * file, every problem at its line), the version, the target's inputs, the
 * health-check lines, the notify channel combinations — and builds the
 * stages' parts. Runs before any side effect, so a bad input for the last
 * stage (notify) still fails before the first one deploys.
 */
export async function preparePipeline(
  inputs: PipelineInputs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PreparedPipeline> {
  const channels = channelsFrom({ ...inputs, 'fail-on-error': inputs['notify-fail-on-error'] });
  const parts = inputs.config ? await fromFile(inputs, inputs.config, env) : fromInputs(inputs, env);
  const { release, checks } = parts;
  // The records say production exactly when the checks treat it as production.
  const production = isProduction(checks);
  release.deps.productionEnvironment = production;
  if (!release.context.sha) throw new UserError('GITHUB_SHA is not set: run this action inside a GitHub Actions job');
  const octokit = createGitHubClient(inputs['github-token'], {
    baseUrl: release.context.apiUrl,
    log: (line: string) => core.info(line),
  });
  return {
    ...parts,
    inputs,
    channels,
    octokit,
    production,
    rollbackOn: inputs['rollback-on'] ?? ROLLBACK_ON[0],
  };
}

type Parts = Pick<PreparedPipeline, 'release' | 'services' | 'version' | 'checks' | 'file'>;

/** Today's inputs: the one service `app`, the `image` input, the check inputs. */
function fromInputs(inputs: PipelineInputs, env: NodeJS.ProcessEnv): Parts {
  if (!inputs.image) throw new InputError('image', 'is required (or name a config file with "config")');
  const reference = parseImageInput('image', inputs.image);
  const version = deployVersion(inputs.version, reference);
  const release = prepareRelease(inputs, env);
  const checks: CheckSettings = {
    environment: inputs.environment,
    image: inputs.image,
    production: inputs.production,
    force: inputs.force,
    rollback: false,
    'required-env': inputs['required-env'],
    'require-checks': inputs['require-checks'],
    'ignore-checks': inputs['ignore-checks'],
    freeze: inputs.freeze,
    'require-environment': inputs['require-environment'],
  };
  // The same rule decides which moving tags follow it once healthy: `latest` for production, else the environment's name.
  release.deps.movingTags = inputsMovingTags(isProduction(checks), release.registry, inputs['semver-tags']);
  const services = [{ slot: inputsService(inputs['image-variable']), image: inputs.image, reference }];
  return { release, services, version, checks };
}

/**
 * The config file, as the deploy action reads it: every service of the
 * `environment` input's environment, each image tagged with `version`; the
 * target, health URLs and environment settings (freeze, required checks...)
 * from the file, the secrets from the inputs. `force` still applies.
 */
async function fromFile(inputs: PipelineInputs, config: string, env: NodeJS.ProcessEnv): Promise<Parts> {
  if (inputs.image)
    throw new InputError('image', 'is set with "config": each service\'s image comes from the config file');
  const version = inputs.version;
  if (!version)
    throw new InputError('version', 'is required with "config": it names the release every service deploys');
  const { settings, file } = await fileSettings({ ...inputs, config }, env);
  const services = settings.services.map(({ slot, image }) => ({
    slot,
    image,
    reference: parseImageInput('config', image),
  }));
  const release = prepareRelease(inputs, env, file);
  release.deps.movingTags = fileMovingTags(settings, release.registry, inputs['semver-tags']);
  const checks = { ...fileCheckSettings(settings, inputs.environment), force: inputs.force };
  return { release, services, version, checks, file: settings };
}
