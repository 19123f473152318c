import type { JobResult, WorkflowResult } from './results';

const MAX_CELL = 90;
const MAX_STEP_NAME = 60;

function clip(text: string, max = MAX_CELL): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function outputsText(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

function jobRows(job: JobResult, prefix: string): string[][] {
  const details = [
    job.environment
      ? `environment ${job.environment.name}${job.environment.url ? ` (${job.environment.url})` : ''}`
      : '',
    job.continuedOnError ? 'failed, continue-on-error: does not fail the run' : '',
    job.reason ?? '',
    Object.keys(job.outputs).length ? `outputs: ${outputsText(job.outputs)}` : '',
  ].filter(Boolean);
  const rows = [[`${prefix}${job.id}`, '', job.result, clip(details.join('; '))]];
  for (const step of job.steps) {
    const note = [
      step.outcome !== step.conclusion ? `${step.outcome}, continue-on-error` : '',
      step.reason ?? '',
      Object.keys(step.outputs).length ? `outputs: ${outputsText(step.outputs)}` : '',
    ].filter(Boolean);
    rows.push(['', clip(step.name, MAX_STEP_NAME), step.conclusion, clip(note.join('; '))]);
  }
  for (const called of job.called?.jobs ?? []) rows.push(...jobRows(called, `${prefix}${job.id} › `));
  // Each matrix combination's id already names the job: `test (24, ubuntu)`.
  for (const combination of job.combinations ?? []) rows.push(...jobRows(combination, prefix));
  return rows;
}

/** The table printed at the end of `deploy-kit workflow`: every job and step, with why. */
export function formatWorkflowReport(run: WorkflowResult): string {
  const rows = [['Job', 'Step', 'Result', 'Details'], ...run.jobs.flatMap((job) => jobRows(job, ''))];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  const line = (row: string[]): string =>
    row
      .map((cell, col) => cell.padEnd(widths[col] as number))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const out = [line(rows[0] as string[]), rule, ...rows.slice(1).map(line)];
  out.push('', `Workflow ${run.name}: ${run.result}`);
  if (Object.keys(run.outputs).length) out.push(`Outputs: ${outputsText(run.outputs)}`);
  return out.join('\n');
}
