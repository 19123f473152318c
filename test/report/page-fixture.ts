// The report page of the hand-worked history, rendered from what readHistory
// reads through the fake GitHub API: the page the test checks and the
// screenshot in docs/ shows.
import { writeFileSync } from 'node:fs';
import { createGitHubClient } from '@deploy-kit/github';
import {
  computeMetrics,
  readHistory,
  renderHtmlPage,
  type EnvironmentMetrics,
  type HistoryEntry,
} from '@deploy-kit/insights';
import { startLedgerApi } from './ledger-api';
import { NOW, SINCE, seedHistory } from './history-fixture';

export const REPO = { owner: 'octo-org', repo: 'hello-world' };

export async function writeReportPage(
  file: string,
): Promise<{ entries: HistoryEntry[]; metrics: EnvironmentMetrics[] }> {
  const api = await startLedgerApi();
  try {
    seedHistory(api);
    const client = createGitHubClient('ghs_page', { baseUrl: api.url, retries: 0 });
    const entries = await readHistory(client, REPO, { since: SINCE, until: NOW });
    const metrics = computeMetrics(entries, { since: SINCE, now: NOW });
    writeFileSync(file, renderHtmlPage({ repo: REPO, since: SINCE, now: NOW, entries, metrics }));
    const problems = api.validationErrors();
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return { entries, metrics };
  } finally {
    await api.stop();
  }
}
