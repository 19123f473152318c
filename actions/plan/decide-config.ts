import { InputError, UserError, type RunContext } from '@deploy-kit/action-kit';
import type { DeployConfig, Environment } from '@deploy-kit/model';
import { planDeploy, type DeployPlan } from '@deploy-kit/release-plan';
import { requiredSecrets } from '@deploy-kit/model';
import type { PlanInputs } from './inputs';
import { checkConfigSecrets } from './secrets';
import type { PlanResult } from './types';

/**
 * The config file path: the file says everything but the secrets. A release task follows the event
 * (the file's `on:`; a dispatch names the environment and version); a deploy names both; a rollback
 * names the environment.
 */
export function decideFromConfig(config: DeployConfig, inputs: PlanInputs, context: RunContext): PlanResult {
  if (inputs.task === 'rollback') return rollbackPlan(config, inputs);
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
  return fromDeployPlan(plan, config, inputs);
}

function fromDeployPlan(plan: DeployPlan, config: DeployConfig, inputs: PlanInputs): PlanResult {
  if (plan.kind === 'skip') return plan;
  return {
    kind: 'deploy',
    source: config.source,
    environment: plan.environment.name,
    version: plan.version,
    services: plan.services,
    healthUrls: plan.healthUrls,
    environmentUrl: plan.environmentUrl ?? '',
    secrets: checkConfigSecrets(plan.secrets, inputs),
    warnings: plan.warnings,
    notices: plan.notices,
  };
}

function rollbackPlan(config: DeployConfig, inputs: PlanInputs): PlanResult {
  if (!inputs.environment) {
    throw new InputError('environment', `is required for task rollback: one of the environments of ${config.source}`);
  }
  const environment = findEnvironment(config, inputs.environment);
  const services = config.services.map((service) => ({
    service: service.name,
    image: service.image,
    composeService: service.composeService,
    imageVariable: service.imageVariable,
    healthUrls: environment.health[service.name] ?? [],
  }));
  return {
    kind: 'deploy',
    source: config.source,
    environment: environment.name,
    version: inputs.version ?? '',
    services,
    healthUrls: services.flatMap((service) => service.healthUrls),
    environmentUrl: environment.url ?? '',
    secrets: checkConfigSecrets(requiredSecrets(environment), inputs),
    warnings: [],
    notices: [],
  };
}

function findEnvironment(config: DeployConfig, name: string): Environment {
  const found = config.environments.find((environment) => environment.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  throw new UserError(
    `Input "environment" is "${name}", which is not an environment of ${config.source} (expected one of: ${config.environments.map((e) => e.name).join(', ')})`,
  );
}
