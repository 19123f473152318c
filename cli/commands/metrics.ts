import { computeMetrics, renderMetricsText } from '@deploy-kit/insights';
import type { CliCommand } from '../command';
import { loadHistory, parseLedgerQuery } from './history';

const usage = `Usage: deploy-kit metrics --repo OWNER/NAME [options]

Computes the four DORA metrics per environment from the repository's GitHub
Deployments (deploy-kit's ledger): deployment frequency, lead time for changes
(median and p90), change failure rate and time to restore (median).
Definitions: docs/metrics.md. A metric without data is shown as — (null in JSON).

Options:
  --repo <owner/name>     the repository (required)
  --environment <name>    one environment (default: every environment deployed to in the window)
  --since <span|date>     start of the window: 12h, 30d, 2w, or a date (default: 30d)
  --until <date>          end of the window (default: now)
  --json                  print a JSON array, one object per environment:
                          {environment, since, deployments, deploymentsPerDay,
                           leadTimeMedianSeconds, leadTimeP90Seconds,
                           changeFailureRate, timeToRestoreMedianSeconds}

Environment: GITHUB_TOKEN (required; read access to deployments and contents),
GITHUB_API_URL (default https://api.github.com).

Exit codes: 0 shown, 1 GitHub refused or failed (the reason is printed), 2 bad arguments.`;

export const metricsCommand: CliCommand = {
  name: 'metrics',
  summary: 'compute DORA metrics (frequency, lead time, failure rate, time to restore) from the ledger',
  usage,
  run: async (args) => {
    const query = parseLedgerQuery(args);
    const entries = await loadHistory(query);
    const window = { since: query.since, now: query.until };
    const metrics = computeMetrics(entries, window, query.environment === undefined ? undefined : [query.environment]);
    console.log(query.json ? JSON.stringify(metrics, null, 2) : renderMetricsText(metrics, query.since));
    return 0;
  },
};
