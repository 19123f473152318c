import { parseArgs } from 'node:util';
import { UserError } from '@deploy-kit/action-kit';
import { createGitHubClient, describeGitHubError, httpStatus } from '@deploy-kit/github';
import {
  parseSince,
  parseTime,
  readHistory,
  renderHistoryText,
  type HistoryEntry,
  type RepoRef,
} from '@deploy-kit/insights';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: deploy-kit history --repo OWNER/NAME [options]

Shows each deployment and rollback recorded in the repository's GitHub
Deployments (deploy-kit's ledger), newest first: version, digest, who, when,
outcome, what a rollback went from and to, and how long it took.

Options:
  --repo <owner/name>     the repository (required)
  --environment <name>    one environment (default: all)
  --since <span|date>     start of the window: 12h, 30d, 2w, or a date such as
                          2026-11-01 (default: 30d)
  --until <date>          end of the window (default: now)
  --json                  print the entries as JSON

Environment: GITHUB_TOKEN (required; read access to deployments and contents),
GITHUB_API_URL (default https://api.github.com).

Exit codes: 0 shown, 1 GitHub refused or failed (the reason is printed), 2 bad arguments.`;

export interface LedgerQuery {
  repo: RepoRef;
  environment: string | undefined;
  since: Date;
  until: Date;
  json: boolean;
}

/** The options `history` and `metrics` share, checked before any request is sent. */
export function parseLedgerQuery(args: string[], now = new Date()): LedgerQuery {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        repo: { type: 'string' },
        environment: { type: 'string' },
        since: { type: 'string', default: '30d' },
        until: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values.repo) throw new UsageError('--repo OWNER/NAME is required');
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(values.repo);
  if (!match) throw new UsageError(`--repo expects OWNER/NAME, got "${values.repo}"`);
  if (values.environment !== undefined && values.environment.trim() === '')
    throw new UsageError('--environment must name an environment');
  let until = now;
  if (values.until !== undefined) {
    const parsed = parseTime(values.until);
    if (!parsed)
      throw new UsageError(`--until expects a date such as 2026-11-30 or 2026-11-30T12:00:00Z, got "${values.until}"`);
    until = parsed;
  }
  const since = parseSince(values.since, until);
  if (!since)
    throw new UsageError(`--since expects a span (12h, 30d, 2w) or a date before --until, got "${values.since}"`);
  return {
    repo: { owner: match[1] as string, repo: match[2] as string },
    environment: values.environment?.trim(),
    since,
    until,
    json: values.json,
  };
}

/** Reads the ledger with GITHUB_TOKEN; GitHub's refusals become one clear line. */
export async function loadHistory(query: LedgerQuery, env: NodeJS.ProcessEnv = process.env): Promise<HistoryEntry[]> {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new UserError('GITHUB_TOKEN is not set: it needs read access to deployments and contents');
  // No client log: Octokit would also print every 4xx, which the one-line error below says better.
  const client = createGitHubClient(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' });
  try {
    return await readHistory(client, query.repo, {
      ...(query.environment === undefined ? {} : { environment: query.environment }),
      since: query.since,
      until: query.until,
      log: (line) => console.error(line),
    });
  } catch (error) {
    const status = httpStatus(error);
    if (status === 401 || status === 403 || status === 404)
      throw new UserError(
        `GitHub answered ${status} for ${query.repo.owner}/${query.repo.repo}: ${describeGitHubError(error)} (does the repository exist, and can GITHUB_TOKEN read its deployments?)`,
      );
    throw error;
  }
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'show the deployments and rollbacks recorded in GitHub Deployments',
  usage,
  run: async (args) => {
    const query = parseLedgerQuery(args);
    const entries = await loadHistory(query);
    console.log(query.json ? JSON.stringify(entries, null, 2) : renderHistoryText(entries));
    return 0;
  },
};
