import {
  requiredSecrets,
  type DeployConfig,
  type Environment as ConfiguredEnvironment,
  type RequiredSecret,
} from '@deploy-kit/model';
import { DEPLOYING_RELEASE_ACTIONS } from './events';
import { findEnvironment, releaseEnvironment, type ConfiguredReleaseRequest } from './release-environment';

/** One service of the release as the deploy steps take it. */
export interface PlannedService {
  service: string;
  /** Image name without tag, e.g. `ghcr.io/acme/shop/api`. */
  image: string;
  composeService: string;
  imageVariable: string;
  /** This environment's health URLs for the service; empty: not checked here. */
  healthUrls: string[];
}

/** What one environment of the file needs for a release of every service, whatever sends it there. */
export interface EnvironmentPlan {
  environment: ConfiguredEnvironment;
  /** Every service of the file, in the file's order. */
  services: PlannedService[];
  /** Every health URL of the environment, services in the file's order. */
  healthUrls: string[];
  environmentUrl?: string;
  /** The GitHub environment's secrets the deploy needs (checked before anything is built). */
  secrets: RequiredSecret[];
}

/** What a release event means for a repository with the config file. */
export type DeployPlan =
  | {
      kind: 'skip';
      /** Why nothing deploys (an edited or deleted release is not a failure). */
      reason: string;
    }
  | (EnvironmentPlan & {
      kind: 'deploy';
      version: string;
      prerelease: boolean;
      warnings: string[];
      notices: string[];
    });

/**
 * Why a release event deploys nothing, or undefined when it deploys: only `prereleased`,
 * `released` and `published` ship something; `edited`, `deleted`, ... are a skip, not an error.
 * Both front doors (the config file and the inputs) ask this before planning anything.
 */
export function releaseSkipReason(eventName: string, payload: Record<string, unknown>): string | undefined {
  if (eventName !== 'release') return undefined;
  const action = payload['action'];
  if (typeof action === 'string' && (DEPLOYING_RELEASE_ACTIONS as readonly string[]).includes(action)) return undefined;
  return 'Only prereleased, released and published releases are deployed: nothing to do';
}

/**
 * The one decision the reusable workflows ask for before anything runs: which environment the
 * event's release goes to (the file's `on:`, or the dispatch's `environment`), with every service,
 * health URL and required secret of it. Release actions that ship nothing (`edited`, `deleted`, ...)
 * are a skip, not an error; anything else the planner refuses is a UserError.
 */
export function planDeploy(config: DeployConfig, request: ConfiguredReleaseRequest): DeployPlan {
  const skip = releaseSkipReason(request.eventName, request.payload);
  if (skip) return { kind: 'skip', reason: skip };
  const released = releaseEnvironment(config, request);
  return {
    kind: 'deploy',
    ...planEnvironment(config, released.environment),
    version: released.version,
    prerelease: released.prerelease,
    warnings: released.warnings,
    notices: released.notices,
  };
}

/**
 * A rollback names its environment (any case, one of the file's) and takes every service back:
 * the same services, health URLs and secrets a release there needs. No version: the ledger
 * chooses the release to go back to.
 */
export function planRollback(
  config: DeployConfig,
  environment: string,
  source = 'Input "environment"',
): EnvironmentPlan {
  return planEnvironment(config, findEnvironment(config, environment, source));
}

/** Every service of the file as `environment` runs it: its health URLs there, and the secrets the target needs. */
export function planEnvironment(config: DeployConfig, environment: ConfiguredEnvironment): EnvironmentPlan {
  const services = config.services.map((service) => ({
    service: service.name,
    image: service.image,
    composeService: service.composeService,
    imageVariable: service.imageVariable,
    healthUrls: environment.health[service.name] ?? [],
  }));
  return {
    environment,
    services,
    healthUrls: services.flatMap((service) => service.healthUrls),
    ...(environment.url ? { environmentUrl: environment.url } : {}),
    secrets: requiredSecrets(environment),
  };
}
