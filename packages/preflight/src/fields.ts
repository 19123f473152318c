import { z } from 'zod';
import { field } from '@deploy-kit/action-kit';
import { isProductionEnvironment } from '@deploy-kit/ledger';
import { parseFreezeWindow, type FreezeWindow } from './freeze-window';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Freeze windows, one per line; `#` starts a comment. */
const freezeWindows = () =>
  z.string().transform((text, ctx): FreezeWindow[] => {
    const windows: FreezeWindow[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      if (line === '') continue;
      const parsed = parseFreezeWindow(line);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: `has a line that is not understood: ${parsed}` });
        return z.NEVER;
      }
      windows.push(parsed);
    }
    return windows;
  });

/** Environment variable names, one per line or separated by commas or spaces. */
const variableNames = () =>
  z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter((name) => name !== ''))
    .refine((names) => names.every((name) => ENV_NAME.test(name)), {
      message: 'must list environment variable names such as DATABASE_URL',
    });

/** The pre-deploy-check inputs, by their action.yml names. */
export const preDeployCheckFields = {
  environment: field.required(),
  image: field.optional(),
  version: field.optional(),
  production: field.oneOf(['auto', 'true', 'false'] as const, 'auto'),
  force: field.boolean(false),
  rollback: field.boolean(false),
  'required-env': variableNames(),
  'require-checks': field.boolean(false),
  'ignore-checks': field.lines(),
  freeze: freezeWindows(),
  'require-environment': field.boolean(true),
  sha: field.optional(),
  'registry-username': field.optional(),
  'registry-password': field.optional(),
  'registry-timeout': field.duration('30s'),
  'github-token': field.required(),
};

/** Inputs that hold secrets: masked before anything else, never echoed in errors. */
export const preDeployCheckSecretInputs = ['registry-password', 'github-token'] as const;

export type PreDeployCheckInputs = {
  [K in keyof typeof preDeployCheckFields]: z.output<(typeof preDeployCheckFields)[K]>;
};

/** `production: auto` means the environment is named production or prod (the ledger's rule, so both agree). */
export function isProduction(inputs: Pick<PreDeployCheckInputs, 'environment' | 'production'>): boolean {
  if (inputs.production !== 'auto') return inputs.production === 'true';
  return isProductionEnvironment(inputs.environment);
}
