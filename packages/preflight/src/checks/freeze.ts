import { isInside } from '../freeze-window';
import type { CheckContext, CheckResult } from '../types';

export function checkFreeze({ inputs, now }: CheckContext): CheckResult {
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
  return { check, outcome: 'failed', detail: `inside freeze window ${names} (set force: true to deploy anyway)` };
}
