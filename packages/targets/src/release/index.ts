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
export { resolveImage, parseImageInput, registryAuthFor, type ResolvedImage } from './resolve-image';
export type { ImageReference } from '@deploy-kit/registry';
export { actionsLog } from './core-log';
export { releaseFields, releaseSecretInputs } from './release-fields';
export { prepareRelease, registryPassword, type PreparedRelease, type ReleaseInputs } from './prepare';
