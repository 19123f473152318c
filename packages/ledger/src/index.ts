export { DeploymentLedger } from './ledger';
export { recordDeployment, type RecordOptions } from './record-deployment';
export { isProductionEnvironment } from './production';
export { fitDescription, DESCRIPTION_LIMIT } from './description';
export { FinalStatusError, FINAL_STATES } from './final-status';
export {
  readPayload,
  matchesVersionOrDigest,
  releasePayload,
  serviceSetKey,
  sameImages,
  SINGLE_SERVICE,
} from './records';
export type {
  DeploymentPayload,
  ServiceRecord,
  DeploymentState,
  DeploymentRecord,
  StartRequest,
  RepoRef,
  LedgerOptions,
  FinalStatusOptions,
} from './types';
export type { GitHubDeployment } from './records';
