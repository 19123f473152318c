// The report page in headless Chromium: the numbers and the chart shown are
// the hand-worked metrics and the history's counts, nothing is fetched, and a
// screenshot is taken (test/report/screenshot.ts writes docs/report-page.png).
// Needs /usr/bin/chromium: test/report/setup-chromium.sh installs it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartData, type HistoryEntry } from '@deploy-kit/insights';
import { CHROMIUM, openPage, type OpenedPage } from './browser';
import { EXPECTED, NOW, SINCE } from './history-fixture';
import { writeReportPage } from './page-fixture';

let scratch: string;
let opened: OpenedPage;
let entries: HistoryEntry[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run test/report/setup-chromium.sh first`);
  scratch = mkdtempSync(join(tmpdir(), 'deploy-kit-page-'));
  const file = join(scratch, 'index.html');
  ({ entries } = await writeReportPage(file));
  opened = await openPage(file);
});

afterAll(async () => {
  await opened?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const metricText = (environment: string, metric: string) =>
  opened.page.locator(`[data-environment="${environment}"] [data-metric="${metric}"] .value`).innerText();

describe('the report page', () => {
  it('shows each environment’s hand-worked metrics', async () => {
    expect(await opened.page.locator('h1').innerText()).toBe('Deployments of octo-org/hello-world');
    expect(await metricText('production', 'deployments')).toBe(String(EXPECTED.production.deployments));
    expect(await metricText('production', 'deploymentsPerDay')).toBe('0.17/day (1.17/week)');
    expect(await metricText('production', 'leadTimeMedianSeconds')).toBe('1d'); // 86580 s
    expect(await metricText('production', 'leadTimeP90Seconds')).toBe('2d 2h'); // 180300 s
    expect(await metricText('production', 'changeFailureRate')).toBe('33.3%');
    expect(await metricText('production', 'timeToRestoreMedianSeconds')).toBe('21h 32m'); // 77550 s
    expect(await metricText('staging', 'changeFailureRate')).toBe('50%');
    expect(await metricText('staging', 'timeToRestoreMedianSeconds')).toBe('1h 57m'); // 7020 s
  });

  it('draws each environment’s chart from the data: one bar per count, heights on one scale', async () => {
    for (const environment of ['production', 'staging']) {
      const expected = chartData(
        entries.filter((e) => e.environment === environment),
        SINCE,
        NOW,
      ).buckets.flatMap((b) => [
        ...(b.succeeded ? [`succeeded ${b.label} ${b.succeeded}`] : []),
        ...(b.failed ? [`failed ${b.label} ${b.failed}`] : []),
      ]);
      const bars = await opened.page.locator(`[data-environment="${environment}"] svg rect.bar`).evaluateAll((rects) =>
        rects.map((r) => ({
          key: `${r.getAttribute('data-series')} ${r.getAttribute('data-bucket')} ${r.getAttribute('data-count')}`,
          count: Number(r.getAttribute('data-count')),
          height: r.getBoundingClientRect().height,
          fill: r.getAttribute('fill'),
        })),
      );
      expect(bars.map((b) => b.key)).toEqual(expected);
      const perUnit = bars.map((b) => b.height / b.count);
      for (const h of perUnit) expect(Math.abs(h - (perUnit[0] as number))).toBeLessThan(0.5);
      expect(new Set(bars.filter((b) => b.key.startsWith('failed')).map((b) => b.fill))).toEqual(new Set(['#cf222e']));
    }
    // production: P0b, P1, P4, F5 succeeded; P2 (rolled back) and P3 (failed) did not.
    const production = await opened.page
      .locator('[data-environment="production"] svg rect.bar')
      .evaluateAll((rects) =>
        rects.map((r) => ({ series: r.getAttribute('data-series'), count: Number(r.getAttribute('data-count')) })),
      );
    const total = (series: string) => production.filter((b) => b.series === series).reduce((n, b) => n + b.count, 0);
    expect(total('succeeded')).toBe(4);
    expect(total('failed')).toBe(2);
  });

  it('lists the history with rollbacks, and fetches nothing', async () => {
    const rows = await opened.page.locator('section.history tbody tr').allInnerTexts();
    expect(rows).toHaveLength(11);
    expect(rows.some((r) => /rollback\s+1\.0\.0[\s\S]*from 1\.1\.0 \(#\d+\) to 1\.0\.0/.test(r))).toBe(true);
    expect(opened.blocked).toEqual([]);
  });

  it('renders to a screenshot', async () => {
    const png = await opened.page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(1100);
    expect(png.readUInt32BE(20)).toBeGreaterThan(600);
  });
});
