import { readInputs } from '@deploy-kit/action-kit';
import { preDeployCheckFields, preDeployCheckSecretInputs } from '@deploy-kit/preflight';

export { preDeployCheckFields, isProduction, type PreDeployCheckInputs } from '@deploy-kit/preflight';

export function readPreDeployCheckInputs(getInput?: (name: string) => string) {
  return readInputs(preDeployCheckFields, { secrets: preDeployCheckSecretInputs, ...(getInput ? { getInput } : {}) });
}
