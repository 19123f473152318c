import type { TargetLog } from './types';

/** A TargetLog that keeps what was written, for tests. */
export function memoryLog(): TargetLog & { lines: string[]; warnings: string[]; groups: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  const groups: string[] = [];
  return {
    lines,
    warnings,
    groups,
    info: (line) => lines.push(line),
    warning: (line) => warnings.push(line),
    group: async (title, work) => {
      groups.push(title);
      return work();
    },
  };
}
