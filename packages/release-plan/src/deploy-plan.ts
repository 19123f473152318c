import {
  requiredSecrets,
  type DeployConfig,
  type Environment as ConfiguredEnvironment,
  type RequiredSecret,
} from '@deploy-kit/model';
import { DEPLOYING_RELEASE_ACTIONS } from './events';
import { releaseEnvironment, type ConfiguredReleaseRequest } from './release-environment';

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

/** What a release event means for a repository with the config file. */
export type DeployPlan =
  | {
      kind: 'skip';
      /** Why nothing deploys (an edited or deleted release is not a failure). */
      reason: string;
    }
  | {
      kind: 'deploy';
      environment: ConfiguredEnvironment;
      version: string;
      prerelease: boolean;
      /** Every service of the file, in the file's order. */
      services: PlannedService[];
      /** Every health URL of the environment, services in the file's order. */
      healthUrls: string[];
      environmentUrl?: string;
      /** The GitHub environment's secrets the deploy needs (checked before anything is built). */
      secrets: RequiredSecret[];
      warnings: string[];
      notices: string[];
    };

/**
 * The one decision the reusable workflows ask for before anything runs: which environment the
 * event's release goes to (the file's `on:`, or the dispatch's `environment`), with every service,
 * health URL and required secret of it. Release actions that ship nothing (`edited`, `deleted`, ...)
 * are a skip, not an error; anything else the planner refuses is a UserError.
 */
export function planDeploy(config: DeployConfig, request: ConfiguredReleaseRequest): DeployPlan {
  if (request.eventName === 'release') {
    const action = request.payload['action'];
    if (typeof action !== 'string' || !(DEPLOYING_RELEASE_ACTIONS as readonly string[]).includes(action)) {
      return {
        kind: 'skip',
        reason: 'Only prereleased, released and published releases are deployed: nothing to do',
      };
    }
  }
  const released = releaseEnvironment(config, request);
  const { environment } = released;
  const services = config.services.map((service) => ({
    service: service.name,
    image: service.image,
    composeService: service.composeService,
    imageVariable: service.imageVariable,
    healthUrls: environment.health[service.name] ?? [],
  }));
  return {
    kind: 'deploy',
    environment,
    version: released.version,
    prerelease: released.prerelease,
    services,
    healthUrls: services.flatMap((service) => service.healthUrls),
    environmentUrl: environment.url,
    secrets: requiredSecrets(environment),
    warnings: released.warnings,
    notices: released.notices,
  };
}
