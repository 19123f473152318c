import type { ServiceSlot } from '../types';
import type { HostState } from './host-state';

export interface HostProblem {
  /** The setting the first problem points at, for the error's prefix. */
  setting?: 'services' | 'image-variable';
  /** Every problem, in one line. */
  message: string;
}

/**
 * What the probed project lacks for this service set: each compose service
 * the compose file does not define, and each image variable no compose file
 * mentions (compose would start the old image, or none). All of them at once,
 * so one failed run names everything to fix.
 */
export function missingOnHost(
  state: HostState,
  slots: readonly ServiceSlot[],
  options: { composeServices?: readonly string[]; composeFile?: string },
): HostProblem | undefined {
  const file = options.composeFile ?? 'the compose file';
  const listed = state.composeServices;
  const defined = new Set(listed);
  const definedList = listed && listed.length > 0 ? listed.join(', ') : 'none';
  const problems: Array<{ setting?: HostProblem['setting']; text: string }> = [];

  if (listed === undefined) {
    // The compose command could not list its services (the caller warns); compose itself refuses an unknown one later.
  } else if (options.composeServices) {
    const missing = options.composeServices.filter((name) => !defined.has(name));
    if (missing.length > 0) {
      problems.push({
        setting: 'services',
        text: `${file} defines no service ${missing.map((name) => `"${name}"`).join(', ')} (it defines: ${definedList})`,
      });
    }
  } else {
    for (const slot of slots) {
      if (defined.has(slot.composeService)) continue;
      problems.push({
        text: `${file} defines no service "${slot.composeService}" for service ${slot.service} (it defines: ${definedList})`,
      });
    }
  }
  for (const variable of state.unusedVariables) {
    const owners = slots.filter((slot) => slot.imageVariable === variable).map((slot) => slot.service);
    problems.push({
      setting: 'image-variable',
      text: `${file} never uses \${${variable}}, the image variable of service ${owners.join(', ')}`,
    });
  }
  const [first] = problems;
  if (!first) return undefined;
  return { ...(first.setting ? { setting: first.setting } : {}), message: problems.map((p) => p.text).join('; ') };
}
