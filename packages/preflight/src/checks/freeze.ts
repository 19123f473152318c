import { isInside } from '../freeze-window';
import type { CheckContext, CheckOverride, CheckResult } from '../types';

export function checkFreeze({ inputs, now, override }: CheckContext): CheckResult {
  const check = 'freeze';
  const windows = inputs.freeze;
  if (windows.length === 0) return { check, outcome: 'skipped', detail: 'no `freeze` windows given' };
  const active = windows.filter((window) => isInside(window, now));
  if (active.length === 0) return { check, outcome: 'passed', detail: `outside ${windows.length} freeze window(s)` };
  const names = active.map((w) => w.text).join('; ');
  if (inputs.force)
    return {
      check,
      outcome: 'passed',
      detail: `inside freeze window ${names}; allowed by force`,
      warning: `Deploying inside freeze window ${names} (force: true)`,
    };
  return { check, outcome: 'failed', detail: `inside freeze window ${names} (${howToDeployAnyway(override)})` };
}

/** What the user can actually do: set the `force` input where there is one, else wait or change the file. */
function howToDeployAnyway(override: CheckOverride | undefined): string {
  if (override?.kind !== 'config-file') return 'set force: true to deploy anyway';
  return `deploy after it ends, or change environments.${override.environment}.freeze in ${override.file}`;
}
