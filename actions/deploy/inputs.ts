import { field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { deployFields as sharedDeployFields, releaseSecretInputs } from '@deploy-kit/targets';

/**
 * The health-check inputs of deploy, rollback and the pipeline, from the
 * shared builders: the multi-line ones as text (line breaks kept, NUL
 * refused), the method a closed set, every duration with a maximum.
 */
export const releaseHealthInputs = {
  method: field.httpMethod('GET'),
  headers: field.text(),
  body: field.text(),
  json: field.text(),
  'max-latency': field.optionalDuration(),
};

/** The deploy action's inputs, by their action.yml names. */
export const deployFields = { ...sharedDeployFields, ...releaseHealthInputs };

export type DeployInputs = ReturnType<typeof readDeployInputs>;

export function readDeployInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}) {
  return readInputs(deployFields, { ...options, secrets: releaseSecretInputs });
}
