import { field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { deployFields as releaseDeployFields, releaseSecretInputs } from './release-fields';

/**
 * The deploy action's inputs: the one-step action's deploy part, plus `config`
 * (a config file: services, target and health from the file, `environment`
 * naming its environment). `image` is then not needed: each service's image
 * is the file's, tagged with `version`.
 */
export const deployFields = {
  ...releaseDeployFields,
  image: field.optional(),
  config: field.optional(),
  /** With `latest`, also move `vMAJOR.MINOR` and `vMAJOR` once a full release is healthy. */
  'semver-tags': field.boolean(true),
};

export type DeployInputs = ReturnType<typeof readDeployInputs>;

export function readDeployInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}) {
  return readInputs(deployFields, { ...options, secrets: releaseSecretInputs });
}
