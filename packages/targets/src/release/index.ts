export type {
  ReleasePlan,
  AlreadyRunning,
  PlanContext,
  ReleaseStrategy,
  ReleaseDependencies,
  ReleaseProgress,
} from './types';
export { runRelease, UnhealthyReleaseError } from './run-release';
export { executeRelease, type ExecuteOptions } from './execute';
export { previousRelease, imageRefOf } from './previous-release';
export { releaseSummarySections, type SummaryContext } from './summary';
export { resolveImage, parseImageInput, registryAuthFor, type ResolvedImage, type HostLogin } from './resolve-image';
export { DeployStrategy, deployVersion, type DeployStrategyOptions } from './deploy-strategy';
export { RollbackStrategy, type RollbackStrategyOptions } from './rollback-strategy';
export { chooseRollback, type RollbackChoice } from './choose-release';
export type { ImageReference } from '@deploy-kit/registry';
export { actionsLog } from './core-log';
export { releaseFields, deployFields, releaseSecretInputs } from './release-fields';
export { prepareRelease, type PreparedRelease, type ReleaseInputs } from './prepare';
