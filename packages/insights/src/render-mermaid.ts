import type { ChartData } from './chart-data';

/**
 * A Mermaid `xychart-beta` (GitHub renders Mermaid in job summaries and
 * Markdown): bars are successful deployments, the line is deployments that
 * failed or were rolled back. Returned as a fenced block.
 */
export function renderMermaidChart(environment: string, data: ChartData): string {
  const labels = data.buckets.map((b) => `"${b.label}"`).join(', ');
  const top = Math.max(1, ...data.buckets.map((b) => Math.max(b.succeeded, b.failed)));
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${environment.replace(/"/g, "'")}: deployments per ${data.unit}"`,
    `  x-axis [${labels}]`,
    `  y-axis "Deployments" 0 --> ${top}`,
    `  bar [${data.buckets.map((b) => b.succeeded).join(', ')}]`,
    `  line [${data.buckets.map((b) => b.failed).join(', ')}]`,
    '```',
  ].join('\n');
}
