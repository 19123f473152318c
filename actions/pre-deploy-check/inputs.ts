import { InputError, readInputs } from '@deploy-kit/action-kit';
import { preDeployCheckFields, preDeployCheckSecretInputs } from '@deploy-kit/preflight';
import { parseImageReference } from '@deploy-kit/registry';

export { preDeployCheckFields, isProduction, type PreDeployCheckInputs } from '@deploy-kit/preflight';

/**
 * Reads every input and checks what can be checked without contacting
 * anything (the image reference included), so a mistake is an input error
 * before the ledger or the registry is read, not a failed check after.
 */
export function readPreDeployCheckInputs(getInput?: (name: string) => string) {
  const inputs = readInputs(preDeployCheckFields, {
    secrets: preDeployCheckSecretInputs,
    ...(getInput ? { getInput } : {}),
  });
  if (inputs.image !== undefined) {
    try {
      parseImageReference(inputs.image);
    } catch (error) {
      throw new InputError('image', `is not a valid image reference: ${(error as Error).message}`);
    }
  }
  return inputs;
}
