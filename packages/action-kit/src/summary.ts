import * as core from '@actions/core';

export type SummaryCell = string | number | boolean | undefined;

/**
 * Escapes text for a Markdown table cell. Cells often hold text from elsewhere
 * (a server's answer, a registry's error), so HTML is escaped too: the job
 * summary renders it, and a stray tag could hide or fake a row. Escaping `<`
 * is enough to stop a tag; `>` stays readable (`a -> b`).
 */
export function cell(value: SummaryCell): string {
  if (value === undefined || value === '') return '—';
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Renders a Markdown table. Used for job summaries and tested as plain text. */
export function markdownTable(header: readonly string[], rows: readonly (readonly SummaryCell[])[]): string {
  const lines = [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export interface SummarySection {
  heading?: string;
  table?: { header: readonly string[]; rows: readonly (readonly SummaryCell[])[] };
  text?: string;
}

/**
 * Appends a titled summary to the job summary file. Does nothing (but say so
 * in debug) where the runner gives no summary file, as in local runs.
 */
export async function writeSummary(title: string, sections: readonly SummarySection[]): Promise<void> {
  const parts = [`## ${title}`];
  for (const section of sections) {
    if (section.heading) parts.push(`### ${section.heading}`);
    if (section.text) parts.push(section.text);
    if (section.table) parts.push(markdownTable(section.table.header, section.table.rows));
  }
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('GITHUB_STEP_SUMMARY is not set; job summary not written');
    return;
  }
  await core.summary.addRaw(parts.join('\n\n'), true).addEOL().write();
}
