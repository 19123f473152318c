import { z } from 'zod';
import { field, readInputs } from '@deploy-kit/action-kit';
import { parseSince, parseTime } from '@deploy-kit/insights';

/** The report action's inputs, by their action.yml names. */
export const reportFields = {
  'github-token': field.required(),
  environment: field.optional(),
  since: field.withDefault('30d').refine((v) => parseSince(v, new Date()) !== undefined, {
    message: 'must be a span such as 12h, 30d or 2w, or a past date such as 2026-11-01',
  }),
  until: z
    .string()
    .trim()
    .refine((v) => v === '' || parseTime(v) !== undefined, {
      message: 'must be a date such as 2026-11-30 or a time such as 2026-11-30T12:00:00Z',
    })
    .transform((v) => (v === '' ? undefined : (parseTime(v) as Date))),
  'page-path': field.withDefault('deploy-report/index.html'),
  'max-deployments': field.integer(300, 1, 10_000),
};

export type ReportInputs = ReturnType<typeof readReportInputs>;

export function readReportInputs(getInput?: (name: string) => string) {
  return readInputs(reportFields, { secrets: ['github-token'], ...(getInput ? { getInput } : {}) });
}
