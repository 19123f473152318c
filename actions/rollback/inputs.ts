import { field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { releaseFields, releaseSecretInputs } from '@deploy-kit/targets';

/** The rollback action's inputs, by their action.yml names. */
export const rollbackFields = {
  ...releaseFields,
  to: field.optional(),
  reason: field.optional(),
};

export type RollbackInputs = ReturnType<typeof readRollbackInputs>;

export function readRollbackInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}) {
  return readInputs(rollbackFields, { ...options, secrets: releaseSecretInputs });
}
