import { field } from '@deploy-kit/action-kit';
import { DEPLOY_STATUSES, notifyFields, type DeployStatus } from '@deploy-kit/notify';

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The notify action's inputs: the shared channel inputs plus what to announce. */
export const notifyActionFields = {
  ...notifyFields,
  status: field
    .oneOf(DEPLOY_STATUSES)
    .refine((v) => v !== undefined, { message: `is required: one of ${DEPLOY_STATUSES.join(', ')}` })
    .transform((v) => v as DeployStatus),
  environment: field.optional(),
  version: field.optional(),
  'environment-url': field.optional().refine((v) => v === undefined || isHttpUrl(v), {
    message: 'must be an http(s) URL such as https://app.example.com',
  }),
  timeout: field.duration('10s'),
};
