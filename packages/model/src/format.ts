import type { ConfigProblem } from './types';

/** `FILE:LINE:COLUMN: PATH: message`, one line (the path is left out for the file as a whole). */
export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/**
 * Every problem of a file on one line, for an action's one `::error::` line: the first in full,
 * then the others (`deploy-kit config` prints them one per line).
 */
export function problemsLine(problems: readonly ConfigProblem[]): string {
  const [first, ...rest] = problems.map(formatProblem);
  if (first === undefined) return '';
  return rest.length ? `${first} (and ${rest.length} more: ${rest.join('; ')})` : first;
}
