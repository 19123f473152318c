export { preDeployCheckFields, preDeployCheckSecretInputs, isProduction, type PreDeployCheckInputs } from './fields';
export type { CheckContext, CheckOutcome, CheckOverride, CheckResult, CheckSettings } from './types';
export { runChecks, failuresOf, type ChecksRun } from './run-checks';
export { readCurrent, currentVersionOf } from './current';
export { imageTag } from './checks/image';
export { parseFreezeWindow, isInside, type FreezeWindow } from './freeze-window';
export { checkVersionPolicy, type VersionPolicyInput } from './version-policy';
