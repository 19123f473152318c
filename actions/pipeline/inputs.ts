import { field, readInputs } from '@deploy-kit/action-kit';
import { notifyFields, notifySecretInputs } from '@deploy-kit/notify';
import { preDeployCheckFields } from '@deploy-kit/preflight';
import { deployFields, releaseSecretInputs } from '../deploy/release-fields';
import { NOTIFY_TIMEOUT_MAX, messageField } from '../notify/inputs';

/** When the pipeline rolls back on its own. */
export const ROLLBACK_ON = ['unhealthy', 'failure', 'never'] as const;
export type RollbackOn = (typeof ROLLBACK_ON)[number];

// The pre-deploy-check inputs the pipeline takes as they are. Left out:
// environment/image/version/registry-*/github-token (the deploy's own, same
// meaning), `rollback` (this is never a rollback), `sha` (the deployment
// records GITHUB_SHA, so the checks read that commit too) and
// `registry-timeout` (the deploy's registry client has its own).
const checkFields = {
  production: preDeployCheckFields.production,
  force: preDeployCheckFields.force,
  'required-env': preDeployCheckFields['required-env'],
  'require-checks': preDeployCheckFields['require-checks'],
  'ignore-checks': preDeployCheckFields['ignore-checks'],
  freeze: preDeployCheckFields.freeze,
  'require-environment': preDeployCheckFields['require-environment'],
};

// notify's `fail-on-error` and `timeout` are renamed: here `timeout` is the
// health check's, and "fail on error" would read as being about the deploy.
const { 'fail-on-error': _failOnError, ...channelFields } = notifyFields;

/**
 * Every input of the one-step action, by its action.yml name: the deploy
 * action's (target, health check, registry, token), the pre-deploy checks',
 * the notify channels', and the pipeline's own. One `environment`, one
 * `github-token`, one `image`/`version` for every stage.
 */
export const pipelineFields = {
  ...deployFields,
  // As the deploy action has them: without `config`, `image` is required (prepare.ts); with it, every
  // service of the file's `environment` is deployed, each image tagged with `version`.
  image: field.optional(),
  config: field.optional(),
  // As the deploy action has it: `vX.Y`/`vX` move with `latest` once production is healthy.
  'semver-tags': field.boolean(true),
  ...checkFields,
  'rollback-on': field.oneOf(ROLLBACK_ON, 'unhealthy'),
  ...channelFields,
  message: messageField(),
  'notify-started': field.boolean(false),
  'notify-fail-on-error': field.boolean(false),
  'notify-timeout': field.duration('10s', NOTIFY_TIMEOUT_MAX),
};

/** Inputs holding secrets: masked before anything else, never echoed in errors. */
export const pipelineSecretInputs: readonly string[] = [...releaseSecretInputs, ...notifySecretInputs];

export type PipelineInputs = ReturnType<typeof readPipelineInputs>;

export function readPipelineInputs(getInput?: (name: string) => string) {
  return readInputs(pipelineFields, { secrets: pipelineSecretInputs, ...(getInput ? { getInput } : {}) });
}
