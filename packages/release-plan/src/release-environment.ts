import { UserError } from '@deploy-kit/action-kit';
import { environmentFor, type DeployConfig, type Environment as ConfiguredEnvironment } from '@deploy-kit/model';
import { planRelease } from './plan';
import type { Environment, PlanRequest } from './types';

/** What a config file's release goes to: the planner's facts and the file's environment. */
export interface ConfiguredRelease {
  /** The file's environment the release goes to. */
  environment: ConfiguredEnvironment;
  /** As released, e.g. `v1.2.0`. */
  version: string;
  prerelease: boolean;
  /**
   * The planner's own two-way view of that environment (`production` for one that takes full
   * releases or is production, else `staging`): pass it as `environment` to planRelease per service.
   */
  plannerEnvironment: Environment;
  warnings: string[];
  notices: string[];
}

export type ConfiguredReleaseRequest = Omit<PlanRequest, 'environment' | 'image' | 'existingTags'> & {
  /** The `environment` input of a dispatch (or an override): a name in the file, any case. */
  environment?: string;
  /** Where to say the environment name came from in a message, e.g. `Input "environment"`. */
  environmentSource?: string;
};

/**
 * Which environment of the config file a release goes to, and what the planner must be told.
 * A release event is decided by the file (`on:`, through the model's environmentFor); a dispatch
 * names the environment, which must be one of the file's. Refusals are one-line UserErrors.
 */
export function releaseEnvironment(config: DeployConfig, request: ConfiguredReleaseRequest): ConfiguredRelease {
  const first = config.services[0];
  if (!first) throw new UserError(`${config.source} names no service`);
  const named = request.environment?.trim();
  if (named) {
    const environment = findEnvironment(config, named, request.environmentSource ?? 'Input "environment"');
    const plannerEnvironment = plannerView(environment);
    const plan = planRelease({ ...request, image: first.image, environment: plannerEnvironment, existingTags: [] });
    return {
      environment,
      version: plan.version,
      prerelease: plan.prerelease,
      plannerEnvironment,
      warnings: plan.warnings,
      notices: plan.notices.filter((notice) => !notice.startsWith('Environment set to')),
    };
  }
  const plan = planRelease({ ...request, image: first.image, environment: undefined, existingTags: [] });
  const choice = environmentFor(config, plan.prerelease ? 'prerelease' : 'release');
  if (choice.kind !== 'chosen') throw new UserError(`${plan.version}: ${choice.message}`);
  return {
    environment: choice.environment,
    version: plan.version,
    prerelease: plan.prerelease,
    plannerEnvironment: plan.prerelease ? 'staging' : 'production',
    warnings: plan.warnings,
    notices: plan.notices,
  };
}

/** The file's environment `name` names (GitHub environment names are case-insensitive); `source` says who named it. */
export function findEnvironment(config: DeployConfig, name: string, source: string): ConfiguredEnvironment {
  const found = config.environments.find((environment) => environment.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const names = config.environments.map((environment) => environment.name).join(', ');
  throw new UserError(
    `${source} is "${name}", which is not an environment of ${config.source} (expected one of: ${names})`,
  );
}

/** Production (refuses prereleases, may move `latest`) or not, as the planner knows it. */
function plannerView(environment: ConfiguredEnvironment): Environment {
  if (environment.production === true) return 'production';
  if (environment.production === false) return 'staging';
  if (environment.on.includes('release')) return 'production';
  return /^(production|prod)$/i.test(environment.name) ? 'production' : 'staging';
}
