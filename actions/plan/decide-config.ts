import { InputError, type RunContext } from '@deploy-kit/action-kit';
import type { DeployConfig } from '@deploy-kit/model';
import { planDeploy, planRollback, type EnvironmentPlan } from '@deploy-kit/release-plan';
import type { PlanInputs } from './inputs';
import { checkConfigSecrets } from './secrets';
import type { PlanResult } from './types';

/**
 * The config file path: the file says everything but the secrets. A release task follows the event
 * (the file's `on:`; a dispatch names the environment and version); a deploy names both; a rollback
 * names the environment. What each environment needs is release-plan's planEnvironment, for all three.
 */
export function decideFromConfig(config: DeployConfig, inputs: PlanInputs, context: RunContext): PlanResult {
  if (inputs.task === 'rollback') {
    if (!inputs.environment) {
      throw new InputError('environment', `is required for task rollback: one of the environments of ${config.source}`);
    }
    return deployResult(config, inputs, planRollback(config, inputs.environment), {
      version: inputs.version ?? '',
      warnings: [],
      notices: [],
    });
  }
  if (inputs.task === 'deploy') {
    if (!inputs.environment)
      throw new InputError('environment', 'is required for task deploy: one of the environments of ' + config.source);
    if (!inputs.version)
      throw new InputError('version', 'is required for task deploy: the release tag to deploy, e.g. v1.2.3');
  }
  const plan = planDeploy(config, {
    eventName: inputs.task === 'deploy' ? 'workflow_dispatch' : context.eventName,
    payload: inputs.task === 'deploy' ? {} : context.payload,
    sha: context.sha,
    ref: context.ref,
    repository: context.repository,
    serverUrl: context.serverUrl,
    version: inputs.version,
    environment: inputs.environment,
    allowNonSemver: inputs['allow-non-semver'],
  });
  if (plan.kind === 'skip') return plan;
  return deployResult(config, inputs, plan, plan);
}

function deployResult(
  config: DeployConfig,
  inputs: PlanInputs,
  plan: EnvironmentPlan,
  release: { version: string; warnings: string[]; notices: string[] },
): PlanResult {
  return {
    kind: 'deploy',
    source: config.source,
    environment: plan.environment.name,
    version: release.version,
    services: plan.services,
    healthUrls: plan.healthUrls,
    environmentUrl: plan.environmentUrl ?? '',
    secrets: checkConfigSecrets(plan.secrets, inputs),
    warnings: release.warnings,
    notices: release.notices,
  };
}
