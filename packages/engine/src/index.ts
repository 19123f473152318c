export type {
  ReleaseIntent,
  NewRelease,
  AlreadyRunning,
  TaskContext,
  ReleaseTask,
  ReleaseDependencies,
  ReleaseProgress,
} from './types';
export { runRelease, describeImages, UnhealthyReleaseError } from './run-release';
export { previousRelease, imageRefOf } from './previous-release';
export { releaseSummarySections, releaseDigests, type SummaryContext } from './summary';
export { explainGitHubFailure } from './github-failure';
export { resolveImage, parseImageInput, registryAuthFor, type ResolvedImage, type HostLogin } from './resolve-image';
export { DeployTask, deployVersion, type DeployTaskOptions, type ServiceToDeploy } from './deploy-task';
export { RollbackTask, type RollbackTaskOptions } from './rollback-task';
export { chooseRollback, type RollbackChoice } from './choose-release';
export { moveTagsAfterHealth, type MovingTagsSettings, type MovedServiceTags } from './moving-tags';
export type { ImageReference } from '@deploy-kit/registry';
export {
  releaseOutcome,
  onlyServiceResult,
  outcomeError,
  type ReleaseOutcome,
  type ReleaseFacts,
  type ServiceResult,
  type FailedStep,
  type RolledBackFrom,
} from './outcome';
