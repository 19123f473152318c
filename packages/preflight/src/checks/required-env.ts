import type { CheckContext, CheckResult } from '../types';

export function checkRequiredEnv({ inputs, env }: CheckContext): CheckResult {
  const check = 'required-env';
  const names = inputs['required-env'];
  if (names.length === 0) return { check, outcome: 'skipped', detail: 'no `required-env` listed' };
  const missing = names.filter((name) => (env[name] ?? '').trim() === '');
  if (missing.length > 0) return { check, outcome: 'failed', detail: `not set or empty: ${missing.join(', ')}` };
  return { check, outcome: 'passed', detail: `all set: ${names.join(', ')}` };
}
