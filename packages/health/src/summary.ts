import { formatDuration, type SummarySection } from '@deploy-kit/action-kit';
import type { HealthReport, UrlReport } from './types';

/** Attempts shown per URL in the summary; the report output has them all. */
export const SUMMARY_ATTEMPTS = 20;

/** Job summary: the verdict, what was checked, then a table of attempts per URL. */
export function healthSummarySections(report: HealthReport): SummarySection[] {
  const count = report.urls.length === 1 ? '1 URL' : `${report.urls.length} URLs`;
  const failing = report.urls.find((url) => url.url === report.failingUrl);
  const verdict = report.healthy
    ? `✅ **Healthy**: ${count} passed in ${formatDuration(report.durationMs)} (${report.attempts} attempt${report.attempts === 1 ? '' : 's'}).`
    : `❌ **Unhealthy** after ${formatDuration(report.durationMs)}: ${report.failingUrl ?? 'a URL'}${failing ? ` (${failing.reason})` : ''}.`;
  const sections: SummarySection[] = [
    { text: verdict },
    {
      table: {
        header: ['URL', 'Result', 'Attempts', 'Latency', 'Details'],
        rows: report.urls.map((url) => [
          url.url,
          badge(url),
          url.attempts.length,
          url.latencyMs === undefined ? undefined : formatDuration(url.latencyMs),
          url.reason,
        ]),
      },
    },
    { text: `Checked: ${report.checks.join(' · ')}` },
  ];
  for (const url of report.urls) sections.push(...urlSections(url));
  return sections;
}

function badge(url: UrlReport): string {
  if (url.outcome === 'healthy') return '✅ healthy';
  return url.outcome === 'unhealthy' ? '❌ unhealthy' : '⏹️ stopped';
}

function urlSections(url: UrlReport): SummarySection[] {
  const shown = url.attempts.slice(-SUMMARY_ATTEMPTS);
  const hidden = url.attempts.length - shown.length;
  const notes = [
    ...redirectNotes(url),
    ...(hidden > 0 ? [`${hidden} earlier attempts not shown (all are in the \`report\` output).`] : []),
  ];
  return [
    {
      heading: `${badge(url).split(' ')[0]} ${url.url}`,
      text: notes.length ? notes.join('\n\n') : undefined,
      table: {
        header: ['Attempt', 'At', 'Status', 'Latency', 'Result'],
        rows: shown.map((a) => [
          a.n,
          `+${formatDuration(a.startedMs)}`,
          a.status,
          formatDuration(a.latencyMs),
          a.ok ? 'passed' : `${a.kind === 'not-ready' ? 'not ready' : 'failed'}: ${a.error ?? ''}`,
        ]),
      },
    },
  ];
}

/** Where redirects led: the answering URL is the one that was really checked. */
function redirectNotes(url: UrlReport): string[] {
  const finals = [...new Set(url.attempts.flatMap((a) => (a.finalUrl === undefined ? [] : [a.finalUrl])))];
  if (!finals.length) return [];
  return [`Redirected: answered by ${finals.map((f) => `\`${inlineCode(f)}\``).join(', ')}.`];
}

// A Location header is server text; keep it from closing the code span or starting markup.
function inlineCode(text: string): string {
  return text.replace(/[`\r\n]/g, (c) => encodeURIComponent(c));
}
