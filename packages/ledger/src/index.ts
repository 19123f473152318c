export { DeploymentLedger } from './ledger';
export { recordDeployment, type RecordOptions } from './record-deployment';
export { isProductionEnvironment } from './production';
export { FinalStatusError, FINAL_STATES } from './final-status';
export { readPayload, matchesVersionOrDigest } from './records';
export type {
  DeploymentPayload,
  DeploymentState,
  DeploymentRecord,
  StartRequest,
  RepoRef,
  LedgerOptions,
  FinalStatusOptions,
} from './types';
