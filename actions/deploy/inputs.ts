import { field, readInputs } from '@deploy-kit/action-kit';
import { releaseFields, releaseSecretInputs } from '@deploy-kit/targets';

/** The deploy action's inputs, by their action.yml names. */
export const deployFields = {
  ...releaseFields,
  image: field.required(),
  version: field.optional(),
};

export type DeployInputs = ReturnType<typeof readDeployInputs>;

export function readDeployInputs() {
  return readInputs(deployFields, { secrets: releaseSecretInputs });
}
