import { readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { deployFields, releaseSecretInputs } from '@deploy-kit/targets';

export { deployFields } from '@deploy-kit/targets';

export type DeployInputs = ReturnType<typeof readDeployInputs>;

export function readDeployInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}) {
  return readInputs(deployFields, { ...options, secrets: releaseSecretInputs });
}
