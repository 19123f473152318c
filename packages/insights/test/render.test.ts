import { describe, expect, it } from '@jest/globals';
import {
  parseSince,
  parseTime,
  renderHtmlPage,
  renderMermaidChart,
  renderMetricsText,
  svgChart,
  type ChartData,
} from '@deploy-kit/insights';

const now = new Date('2026-11-30T12:00:00Z');

describe('parseSince', () => {
  it('reads spans back from now and dates, and refuses anything else or a start after now', () => {
    expect(parseSince('30d', now)?.toISOString()).toBe('2026-10-31T12:00:00.000Z');
    expect(parseSince('12h', now)?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(parseSince('2w', now)?.toISOString()).toBe('2026-11-16T12:00:00.000Z');
    expect(parseSince('2026-11-01', now)?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-12-01', now)).toBeUndefined();
    expect(parseSince('30 days', now)).toBeUndefined();
    expect(parseSince('last month', now)).toBeUndefined();
    expect(parseTime('2026-11-30T12:00:00+02:00')?.toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });
});

const data: ChartData = {
  unit: 'day',
  buckets: [
    { start: '2026-11-01T00:00:00.000Z', label: '11-01', succeeded: 2, failed: 0 },
    { start: '2026-11-02T00:00:00.000Z', label: '11-02', succeeded: 0, failed: 0 },
    { start: '2026-11-03T00:00:00.000Z', label: '11-03', succeeded: 1, failed: 1 },
  ],
};

describe('renderers', () => {
  it('draws a Mermaid xychart with successful bars and a failed line', () => {
    expect(renderMermaidChart('production', data)).toBe(
      [
        '```mermaid',
        'xychart-beta',
        '  title "production: deployments per day"',
        '  x-axis ["11-01", "11-02", "11-03"]',
        '  y-axis "Deployments" 0 --> 2',
        '  bar [2, 0, 1]',
        '  line [0, 0, 1]',
        '```',
      ].join('\n'),
    );
  });

  it('draws one SVG bar per non-zero count, stacked, with the count on it', () => {
    const svg = svgChart('production', data);
    const bars = [...svg.matchAll(/data-series="(\w+)" data-bucket="([\d-]+)" data-count="(\d+)"/g)].map((m) =>
      m.slice(1).join(' '),
    );
    expect(bars).toEqual(['succeeded 11-01 2', 'succeeded 11-03 1', 'failed 11-03 1']);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('prints — for a metric without data', () => {
    const text = renderMetricsText(
      [
        {
          environment: 'preview',
          since: '2026-10-31T12:00:00.000Z',
          deployments: 0,
          deploymentsPerDay: null,
          leadTimeMedianSeconds: null,
          leadTimeP90Seconds: null,
          changeFailureRate: null,
          timeToRestoreMedianSeconds: null,
        },
      ],
      new Date('2026-10-31T12:00:00.000Z'),
    );
    expect(text).toContain('Change failure rate       —');
    expect(text).toContain('Deployments               0');
  });

  it('escapes what deployments carry (a payload is anyone’s text) so the page runs nothing', () => {
    const since = new Date('2026-11-01T00:00:00Z');
    const html = renderHtmlPage({
      repo: { owner: 'octo-org', repo: 'hello-world' },
      since,
      now,
      entries: [
        {
          id: 1,
          environment: 'production',
          kind: 'deploy',
          recordedBy: 'other',
          sha: 'a'.repeat(40),
          version: '<img src=x onerror=alert(1)>',
          services: [],
          image: '',
          digest: '',
          creator: '"><script>alert(2)</script>',
          createdAt: '2026-11-02T10:00:00Z',
          outcome: 'success',
        },
      ],
      metrics: [],
    });
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });
});
