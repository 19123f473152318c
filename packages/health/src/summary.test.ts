import { describe, expect, it } from '@jest/globals';
import { markdownTable } from '@deploy-kit/action-kit';
import { healthOutputs, reportJson } from './outputs';
import { healthSummarySections, SUMMARY_ATTEMPTS } from './summary';
import type { HealthReport } from './types';

const report: HealthReport = {
  healthy: false,
  attempts: 3,
  durationMs: 4200,
  failingUrl: 'https://b.example/health',
  checks: ['GET status 200-299', 'version is "1.2.0"', 'timeout 5s'],
  urls: [
    {
      url: 'https://a.example/health',
      healthy: true,
      outcome: 'healthy',
      reason: 'healthy after 1 attempt',
      durationMs: 40,
      latencyMs: 40,
      attempts: [{ n: 1, startedMs: 0, status: 200, latencyMs: 40, ok: true, kind: 'healthy' }],
    },
    {
      url: 'https://b.example/health',
      healthy: false,
      outcome: 'unhealthy',
      reason: 'unhealthy: max-attempts 2 reached after 4.2s; last: status is "degraded", expected "ok"',
      durationMs: 4200,
      attempts: [
        { n: 1, startedMs: 0, latencyMs: 5000, ok: false, kind: 'not-ready', error: 'no answer within 5s' },
        {
          n: 2,
          startedMs: 2100,
          status: 200,
          latencyMs: 12,
          ok: false,
          kind: 'failed',
          error: 'status is "degraded", expected "ok"',
        },
      ],
    },
  ],
};

const render = (sections: ReturnType<typeof healthSummarySections>) =>
  sections
    .map((s) =>
      [s.heading && `### ${s.heading}`, s.text, s.table && markdownTable(s.table.header, s.table.rows)]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n');

describe('healthSummarySections', () => {
  it('gives the verdict, an overview, what was checked and a table per URL', () => {
    const text = render(healthSummarySections(report));
    expect(text).toContain(
      '❌ **Unhealthy** after 4.2s: https://b.example/health (unhealthy: max-attempts 2 reached after 4.2s; last: status is "degraded", expected "ok").',
    );
    expect(text).toContain('| https://a.example/health | ✅ healthy | 1 | 40ms | healthy after 1 attempt |');
    expect(text).toContain('Checked: GET status 200-299 · version is "1.2.0" · timeout 5s');
    expect(text).toContain('### ✅ https://a.example/health');
    expect(text).toContain('### ❌ https://b.example/health');
    expect(text).toContain('| 1 | +0ms | — | 5s | not ready: no answer within 5s |');
    expect(text).toContain('| 2 | +2.1s | 200 | 12ms | failed: status is "degraded", expected "ok" |');
  });

  it('says which URL answered when redirects were followed', () => {
    const redirected: HealthReport = {
      ...report,
      urls: [
        {
          ...report.urls[0]!,
          attempts: [
            {
              n: 1,
              startedMs: 0,
              status: 200,
              latencyMs: 40,
              ok: true,
              kind: 'healthy',
              finalUrl: 'https://c.example/h?`x`',
            },
          ],
        },
      ],
    };
    const text = render(healthSummarySections(redirected));
    expect(text).toContain('### ✅ https://a.example/health\nRedirected: answered by `https://c.example/h?%60x%60`.');
    expect(render(healthSummarySections(report))).not.toContain('Redirected');
  });

  it('shows only the latest attempts of a long check', () => {
    const attempts = Array.from({ length: 50 }, (_, i) => ({
      n: i + 1,
      startedMs: i * 1000,
      status: 503,
      latencyMs: 3,
      ok: false,
      kind: 'not-ready' as const,
      error: 'status 503 is not 200-299',
    }));
    const long: HealthReport = { ...report, urls: [{ ...report.urls[1]!, attempts }] };
    const text = render(healthSummarySections(long));
    expect(text).toContain(`${50 - SUMMARY_ATTEMPTS} earlier attempts not shown`);
    expect(text).not.toContain('| 30 | +29s |');
    expect(text).toContain('| 31 | +30s |');
    expect(text).toContain('| 50 | +49s |');
  });
});

describe('healthOutputs', () => {
  it('maps the report to the action outputs', () => {
    const outputs = healthOutputs(report);
    expect(outputs).toMatchObject({
      healthy: false,
      attempts: 3,
      'duration-ms': 4200,
      'latency-ms': undefined,
      'failing-url': 'https://b.example/health',
    });
    expect(JSON.parse(outputs.report)).toEqual(report);
  });
});

describe('reportJson', () => {
  it('keeps the latest attempts of each URL when the report would be too big for an output', () => {
    const attempts = Array.from({ length: 400 }, (_, i) => ({
      n: i + 1,
      startedMs: i,
      latencyMs: 1,
      ok: false,
      kind: 'failed' as const,
      error: 'x'.repeat(50),
    }));
    const big: HealthReport = { ...report, urls: [{ ...report.urls[1]!, attempts }] };
    const text = reportJson(big, 10_000);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10_000);
    const parsed = JSON.parse(text) as { urls: { attempts: { n: number }[]; attemptsOmitted: number }[] };
    const kept = parsed.urls[0]!.attempts;
    expect(kept.at(-1)?.n).toBe(400);
    expect(parsed.urls[0]!.attemptsOmitted).toBe(400 - kept.length);
    expect(reportJson(report)).toBe(JSON.stringify(report));
  });
});
