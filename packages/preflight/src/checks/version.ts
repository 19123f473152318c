import { checkVersionPolicy } from '../version-policy';
import { oneLine, type CheckContext, type CheckResult } from '../types';

/** `note`: how the version was learned (a moving tag's semantic-version tag), shown with the verdict. */
export function checkVersion({ inputs, production, current, version }: CheckContext, note?: string): CheckResult {
  const check = 'version policy';
  if (current instanceof Error && production && version) {
    return {
      check,
      outcome: 'failed',
      detail: `could not read what ${inputs.environment} runs now: ${oneLine(current)}`,
    };
  }
  const currentVersion = current instanceof Error ? undefined : current?.payload.version || undefined;
  const verdict = checkVersionPolicy({
    version,
    currentVersion,
    production,
    force: inputs.force,
    rollback: inputs.rollback,
  });
  return { check, outcome: verdict.outcome, detail: note ? `${verdict.detail} (${note})` : verdict.detail };
}
