export type { Environment, PlanRequest, ReleasePlan } from './types';
export { ENVIRONMENTS } from './types';
export { planRelease } from './plan';
export { parseEnvironment } from './environment';
export { SUPPORTED_EVENTS, DEPLOYING_RELEASE_ACTIONS } from './events';
export {
  parseVersion,
  isFullRelease,
  isSemverPrerelease,
  compareVersions,
  highestFullRelease,
  asBuildMetadataRelease,
} from './version';
export { toDockerTag, versionTag, isValidDockerTag, shaTagFor, type VersionTag } from './docker-tag';
export { defaultImage, validateImage, parseRepository } from './image';
export { ociLabels } from './labels';
export {
  tagsAfterHealth,
  releaseForHeldTag,
  releaseLineOf,
  rolesOf,
  type TagsAfterHealthRequest,
  type TagsAfterHealth,
  type EnvironmentRole,
} from './tags-after-health';
export { releaseEnvironment, type ConfiguredRelease, type ConfiguredReleaseRequest } from './release-environment';
export {
  planDeploy,
  planRollback,
  planEnvironment,
  releaseSkipReason,
  type DeployPlan,
  type EnvironmentPlan,
  type PlannedService,
} from './deploy-plan';
