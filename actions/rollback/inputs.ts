import { field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { releaseFields, releaseSecretInputs } from '../deploy/release-fields';

/** The rollback action's inputs, by their action.yml names. */
export const rollbackFields = {
  ...releaseFields,
  to: field.optional(),
  reason: field.optional(),
  /** A config file: services, target and health from the file; `environment` names its environment. */
  config: field.optional(),
  /** With `latest`, also move `vMAJOR.MINOR` and `vMAJOR` back to the release rolled back to. */
  'semver-tags': field.boolean(true),
};

export type RollbackInputs = ReturnType<typeof readRollbackInputs>;

export function readRollbackInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}) {
  return readInputs(rollbackFields, { ...options, secrets: releaseSecretInputs });
}
