import { chartData, type ChartData } from './chart-data';
import { historyRows, HISTORY_COLUMNS, METRIC_LABELS, metricValues } from './render-text';
import type { EnvironmentMetrics, HistoryEntry, RepoRef } from './types';

export interface PageInput {
  repo: RepoRef;
  since: Date;
  now: Date;
  entries: readonly HistoryEntry[];
  metrics: readonly EnvironmentMetrics[];
}

const SUCCESS = '#2da44e';
const FAILURE = '#cf222e';

/**
 * A self-contained page (inline CSS and SVG, no script, no network: its
 * Content-Security-Policy forbids every fetch) with each environment's
 * metrics and chart, then the history. Publishable as is with GitHub Pages.
 */
export function renderHtmlPage(input: PageInput): string {
  const name = `${input.repo.owner}/${input.repo.repo}`;
  const sections = input.metrics.map((m) =>
    environmentSection(
      m,
      chartData(
        input.entries.filter((e) => e.environment === m.environment),
        input.since,
        input.now,
      ),
    ),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Deployments of ${escape(name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Deployments of ${escape(name)}</h1>
<p class="window">From <time>${escape(input.since.toISOString())}</time> to <time>${escape(input.now.toISOString())}</time>, read from the GitHub Deployments ledger by deploy-kit.</p>
</header>
${sections.length ? sections.join('\n') : '<p class="empty">No deployments in this window.</p>'}
<section class="history">
<h2>History</h2>
${historyTable(input.entries)}
</section>
</body>
</html>
`;
}

function environmentSection(metrics: EnvironmentMetrics, data: ChartData): string {
  const values = metricValues(metrics);
  const cards = Object.entries(METRIC_LABELS)
    .map(
      ([key, label]) =>
        `<div class="metric" data-metric="${key}"><div class="label">${escape(label)}</div><div class="value">${escape(values[key as keyof typeof values])}</div></div>`,
    )
    .join('');
  return `<section class="environment" data-environment="${escape(metrics.environment)}">
<h2>${escape(metrics.environment)}</h2>
<div class="metrics">${cards}</div>
${svgChart(metrics.environment, data)}
<p class="legend"><span class="swatch" style="background:${SUCCESS}"></span>successful <span class="swatch" style="background:${FAILURE}"></span>failed or rolled back, per ${data.unit}</p>
</section>`;
}

/** Stacked bars: successful deployments at the bottom, failed or rolled back on top. */
export function svgChart(environment: string, data: ChartData): string {
  const width = 760;
  const height = 220;
  const left = 36;
  const bottom = 28;
  const top = 12;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...data.buckets.map((b) => b.succeeded + b.failed));
  const slot = plotWidth / data.buckets.length;
  const barWidth = Math.max(2, slot * 0.7);
  const y = (count: number) => top + plotHeight - (count / max) * plotHeight;
  const parts: string[] = [];
  const step = Math.max(1, Math.ceil(max / 5));
  for (let tick = 0; tick <= max; tick += step) {
    parts.push(
      `<line x1="${left}" x2="${width - 8}" y1="${y(tick)}" y2="${y(tick)}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" class="tick">${tick}</text>`,
    );
  }
  const labelEvery = Math.ceil(data.buckets.length / 15);
  data.buckets.forEach((bucket, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    const bar = (series: 'succeeded' | 'failed', from: number, count: number, color: string) =>
      count === 0
        ? ''
        : `<rect class="bar" data-series="${series}" data-bucket="${bucket.label}" data-count="${count}" x="${x.toFixed(1)}" y="${y(from + count).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(from) - y(from + count)).toFixed(1)}" fill="${color}"><title>${bucket.label}: ${count} ${series === 'succeeded' ? 'successful' : 'failed or rolled back'}</title></rect>`;
    parts.push(bar('succeeded', 0, bucket.succeeded, SUCCESS), bar('failed', bucket.succeeded, bucket.failed, FAILURE));
    if (i % labelEvery === 0)
      parts.push(
        `<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle" class="tick">${bucket.label}</text>`,
      );
  });
  return `<svg class="chart" role="img" aria-label="${escape(environment)}: deployments per ${data.unit}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function historyTable(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return '<p class="empty">No deployments in this window.</p>';
  const head = HISTORY_COLUMNS.map((c) => `<th>${escape(c.toLowerCase())}</th>`).join('');
  const rows = historyRows(entries).map(
    (row, i) =>
      `<tr data-id="${entries[i]?.id}" class="${escape(entries[i]?.outcome ?? '')}">${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`,
  );
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:24px auto;max-width:1000px;padding:0 16px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
.window{color:#59636e;margin:0}
.metrics{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin-bottom:12px}
.metric{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px}
.metric .label{color:#59636e;font-size:12px}.metric .value{font-size:18px;font-weight:600}
.chart{width:100%;height:auto}
.tick{font-size:11px;fill:#59636e}
.legend{color:#59636e;font-size:12px}.swatch{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #d0d7de;white-space:nowrap}
tr.failure td,tr.error td{color:${FAILURE}}
`;
