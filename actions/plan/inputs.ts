import { field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { DEFAULT_CONFIG_FILE } from '@deploy-kit/model';

/** The action's inputs by their action.yml names. */
export const inputShape = {
  config: field.withDefault(DEFAULT_CONFIG_FILE),
  task: field.oneOf(['release', 'deploy', 'rollback'] as const, 'release'),
  environment: field.optional(),
  version: field.optional(),
  'allow-non-semver': field.boolean(false),
  // false in a job without the environment: its secrets reach only a job that declares it.
  'check-secrets': field.boolean(true),
  // The inputs path (no config file): today's one-service settings, checked here first.
  image: field.optional(),
  'staging-url': field.lines(),
  'production-url': field.lines(),
  'staging-environment-url': field.optional(),
  'production-environment-url': field.optional(),
  target: field.oneOf(['ssh-compose', 'command'] as const, 'ssh-compose'),
  'ssh-host': field.optional(),
  'ssh-user': field.optional(),
  'project-dir': field.optional(),
  command: field.text(),
  'ssh-insecure-skip-host-key': field.boolean(false),
  // Secrets, passed only to be checked (present and non-empty); never printed or output.
  'ssh-key': field.text(),
  'ssh-known-hosts': field.text(),
  kubeconfig: field.text(),
};

export const SECRET_INPUTS = ['ssh-key', 'ssh-known-hosts', 'kubeconfig'] as const;

export type PlanInputs = ReturnType<typeof readPlanInputs>;

export function readPlanInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}) {
  return readInputs(inputShape, { ...options, secrets: SECRET_INPUTS });
}
