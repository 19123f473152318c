export { DeploymentLedger } from './ledger';
export { recordDeployment, type RecordOptions } from './record-deployment';
export { isProductionEnvironment } from './production';
export { readPayload, matchesVersionOrDigest } from './records';
export type {
  DeploymentPayload,
  DeploymentState,
  DeploymentRecord,
  StartRequest,
  RepoRef,
  LedgerOptions,
} from './types';
