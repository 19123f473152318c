import * as core from '@actions/core';
import type { TargetLog } from '@deploy-kit/targets';

/** A TargetLog writing to the Actions log: lines, `::warning::` annotations, and `::group::`s. */
export function actionsLog(): TargetLog {
  return {
    info: (line) => core.info(line),
    warning: (line) => core.warning(line),
    group: (title, work) => core.group(title, work),
  };
}
