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
export {
  expectedVersions,
  resolveHealthChecks,
  registryBuiltVersion,
  type ReleaseHealthCheck,
  type ResolvedHealthChecks,
  type BuiltVersionReader,
} from './expected-version';
export { previousRelease, imageRefOf } from './previous-release';
export { outcomeSummarySections, releaseDigests, type SummaryContext } from './summary';
export { outcomeError } from './render-error';
export { outcomeNotice, type OutcomeNotice } from './render-notice';
export { outcomeOutputs, type OutcomeOutputs, type OutcomeOutputName } from './render-outputs';
export { explainGitHubFailure } from './github-failure';
export { resolveImage, parseImageInput, registryAuthFor, type ResolvedImage, type HostLogin } from './resolve-image';
export { DeployTask, deployVersion, type DeployTaskOptions, type ServiceToDeploy } from './deploy-task';
export { RollbackTask, type RollbackTaskOptions } from './rollback-task';
export { chooseRollback, type RollbackChoice } from './choose-release';
export { moveTagsAfterHealth, type MovingTagsSettings, type MovedServiceTags } from './moving-tags';
export type { ImageReference } from '@deploy-kit/registry';
export {
  releaseOutcome,
  releaseFailure,
  afterAutomaticRollback,
  refusedByChecks,
  checksCouldNotRun,
  refusedInput,
  primaryRelease,
  onlyServiceResult,
  failedStage,
  failureVerb,
  type ReleaseOutcome,
  type OutcomeKind,
  type OutcomeContext,
  type ReleaseFailure,
  type NoRollback,
  type CheckFailure,
  type ReleaseFacts,
  type ServiceResult,
  type FailedStep,
  type RolledBackFrom,
} from './outcome';
