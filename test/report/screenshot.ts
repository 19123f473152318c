// Writes docs/report-page.png: the report page of the hand-worked history
// (test/report/history-fixture.ts), read through the fake GitHub API and shown
// in headless Chromium. `node scripts/ts-run.mjs test/report/screenshot.ts`
// (after test/report/setup-chromium.sh).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openPage } from './browser';
import { writeReportPage } from './page-fixture';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'deploy-kit-screenshot-'));
try {
  const file = join(scratch, 'index.html');
  await writeReportPage(file);
  const opened = await openPage(file);
  try {
    const png = await opened.page.screenshot({ fullPage: true });
    if (opened.blocked.length > 0) throw new Error(`The page tried to fetch ${opened.blocked.join(', ')}`);
    writeFileSync(join(root, 'docs/report-page.png'), png);
    console.log(`Wrote docs/report-page.png (${png.length} bytes)`);
  } finally {
    await opened.close();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
