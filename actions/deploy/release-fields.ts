import { field } from '@deploy-kit/action-kit';
import { healthCheckFields } from '@deploy-kit/health';
import { z } from 'zod';
import { targetFields } from '@deploy-kit/targets';

/** Health-check inputs for deploy and rollback: an unhealthy release always fails them, so no fail-on-unhealthy. */
const { 'fail-on-unhealthy': _failOnUnhealthy, ...releaseHealthFields } = healthCheckFields;

/**
 * Inputs deploy and rollback share, by their action.yml names: where to
 * deploy (target inputs), how to verify it (health-url + health-check
 * inputs), the registry credentials the host pulls with, and the token for
 * the ledger.
 */
export const releaseFields = {
  environment: field.required().refine((name) => name.length <= 255 && !/[\r\n]/.test(name), {
    message: 'must be one line of at most 255 characters',
  }),
  ...targetFields,
  'environment-url': field
    .optional()
    .refine((url) => url === undefined || /^https?:\/\/\S+$/.test(url), { message: 'must be an http(s) URL' }),
  'health-url': z.string().transform((text) =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  ),
  ...releaseHealthFields,
  'registry-username': field.optional(),
  'registry-password': field.optional(),
  'registry-login': field.boolean(true),
  'github-token': field.required(),
};

/** Inputs that hold secrets in the shared shape. */
export const releaseSecretInputs = ['ssh-key', 'kubeconfig', 'registry-password', 'github-token'] as const;

/** The deploy action's inputs (also the one-step action's deploy part): the shared ones plus what to deploy. */
export const deployFields = {
  ...releaseFields,
  image: field.required(),
  version: field.optional(),
};
