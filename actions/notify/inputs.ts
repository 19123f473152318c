import { field, readInputs, splitLines, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { DEPLOY_STATUSES, notifyField, notifyFields, notifySecretInputs, type DeployStatus } from '@deploy-kit/notify';

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The longest a notify timeout may be: a stuck webhook should not hold a job for longer. */
export const NOTIFY_TIMEOUT_MAX = '10m';

const oneLineTemplate = notifyField.template();

/**
 * `message`, on as many lines as the user likes (the shared template field is
 * one line): NUL refused, each line's placeholders checked by that field.
 */
export const messageField = () =>
  field.text().superRefine((text, ctx) => {
    for (const line of text === undefined ? [] : splitLines(text)) {
      const result = oneLineTemplate.safeParse(line);
      if (!result.success) {
        ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? 'is invalid' });
        return;
      }
    }
  });

/** The notify action's inputs: the shared channel inputs plus what to announce. */
export const notifyActionFields = {
  ...notifyFields,
  message: messageField(),
  status: field
    .oneOf(DEPLOY_STATUSES)
    .refine((v) => v !== undefined, { message: `is required: one of ${DEPLOY_STATUSES.join(', ')}` })
    .transform((v) => v as DeployStatus),
  environment: field.optional(),
  version: field.optional(),
  'environment-url': field.optional().refine((v) => v === undefined || isHttpUrl(v), {
    message: 'must be an http(s) URL such as https://app.example.com',
  }),
  timeout: field.duration('10s', NOTIFY_TIMEOUT_MAX),
};

export function readNotifyInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}) {
  return readInputs(notifyActionFields, { ...options, secrets: notifySecretInputs });
}
