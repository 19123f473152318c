export { DeploymentLedger } from './ledger';
export { recordDeployment, type RecordOptions } from './record-deployment';
export { readPayload, matchesVersionOrDigest } from './records';
export type {
  DeploymentPayload,
  DeploymentState,
  DeploymentRecord,
  StartRequest,
  RepoRef,
  LedgerOptions,
} from './types';
