// Opens a report page in Debian's headless Chromium (test/report/setup-chromium.sh
// installs it) with playwright-core, in a fresh profile, with every request but
// the page's own file refused and recorded: the page must need no network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface OpenedPage {
  page: Page;
  /** URLs the page tried to fetch besides itself (refused). */
  blocked: string[];
  close(): Promise<void>;
}

export async function openPage(file: string, width = 1100): Promise<OpenedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'deploy-kit-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
      viewport: { width, height: 800 },
      timeout: 60_000,
    });
    const pageUrl = pathToFileURL(file).href;
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pageUrl) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 60_000 });
    const opened = context;
    return {
      page,
      blocked,
      close: async () => {
        await opened.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
