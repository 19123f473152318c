import type { ConfigProblem } from './types';

/** `FILE:LINE:COLUMN: PATH: message`, one line (the path is left out for the file as a whole). */
export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}
