import { readPayload } from '@deploy-kit/ledger';
import { linkRollbacks, toEntry } from './entry';
import type { GitHubCommit, GitHubDeployment, GitHubDeploymentStatus, LedgerClient } from './github-shapes';
import type { HistoryEntry, RepoRef } from './types';

const PER_PAGE = 100;
/** A GitHub-hosted job ends within 6 h: its own deployment record is that close to deploy-kit's. */
const JOB_WINDOW_MS = 6 * 60 * 60 * 1000;

export interface ReadHistoryOptions {
  /** One environment; all of them (one listing) when undefined. */
  environment?: string;
  /** Deployments created before this are not read. */
  since: Date;
  /** Deployments created after this are left out (default: all). */
  until?: Date;
  /** Read commits' committer times for lead time (default true). */
  leadTime?: boolean;
  /**
   * Read the statuses of at most this many deployments, the newest (default:
   * all in the window). When the window holds more, the older ones are
   * dropped and `onLimit` is told where the window now starts.
   */
  maxDeployments?: number;
  onLimit?: (start: Date, dropped: number) => void;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  log?: (line: string) => void;
}

/**
 * The ledger's deployments created since `since`, newest first, with their
 * outcomes, rollbacks linked, and (for successful deploys) the committer
 * time of the deployed commit. Requests: one listing per 100 deployments
 * (it stops at the first page reaching back past `since`), one status list
 * per deployment kept, one commit per distinct sha of a successful deploy.
 * GitHub's own record of a job's `environment:` (empty payload, same commit
 * and environment as a deploy-kit record created within 6 h after it) is
 * skipped before its statuses are read: counting it would count that
 * deploy twice.
 */
export async function readHistory(
  client: LedgerClient,
  repo: RepoRef,
  options: ReadHistoryOptions,
): Promise<HistoryEntry[]> {
  const log = options.log ?? (() => undefined);
  const limit = options.concurrency ?? 4;
  const until = options.until?.getTime() ?? Infinity;
  const listed = (await listSince(client, repo, options.environment, options.since.getTime())).filter(
    (d) => Date.parse(d.created_at) <= until,
  );
  let kept = withoutJobRecords(listed);
  if (kept.length < listed.length)
    log(`Skipped ${listed.length - kept.length} record(s) GitHub made for jobs with environment:`);
  const max = options.maxDeployments;
  const oldestKept = max === undefined ? undefined : kept[max - 1];
  if (max !== undefined && oldestKept && kept.length > max) {
    const dropped = kept.length - max;
    kept = kept.slice(0, max);
    options.onLimit?.(new Date(Date.parse(oldestKept.created_at)), dropped);
  }
  const entries = await mapLimit(kept, limit, async (deployment) =>
    toEntry(deployment, await statusesOf(client, repo, deployment.id)),
  );
  linkRollbacks(entries);
  if (options.leadTime ?? true) await addCommitTimes(client, repo, entries, limit, log);
  return entries;
}

async function listSince(
  client: LedgerClient,
  repo: RepoRef,
  environment: string | undefined,
  since: number,
): Promise<GitHubDeployment[]> {
  const found: GitHubDeployment[] = [];
  for (let page = 1; ; page++) {
    const { data } = await client.rest.repos.listDeployments({
      ...repo,
      ...(environment === undefined ? {} : { environment }),
      per_page: PER_PAGE,
      page,
    });
    const deployments = data as GitHubDeployment[];
    for (const deployment of deployments) if (Date.parse(deployment.created_at) >= since) found.push(deployment);
    const oldest = deployments[deployments.length - 1];
    if (deployments.length < PER_PAGE || !oldest || Date.parse(oldest.created_at) < since) break;
  }
  // GitHub lists newest first; sort anyway so equal timestamps are ordered by id.
  return found.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
}

function isDeployKitRecord(deployment: GitHubDeployment): boolean {
  return readPayload(deployment.payload).services.length > 0;
}

function withoutJobRecords(deployments: GitHubDeployment[]): GitHubDeployment[] {
  const ours = deployments.filter(isDeployKitRecord);
  return deployments.filter((candidate) => {
    if (isDeployKitRecord(candidate) || !isEmptyPayload(candidate.payload)) return true;
    const at = Date.parse(candidate.created_at);
    return !ours.some((record) => {
      const gap = Date.parse(record.created_at) - at;
      return (
        record.sha === candidate.sha && record.environment === candidate.environment && gap >= 0 && gap <= JOB_WINDOW_MS
      );
    });
  });
}

function isEmptyPayload(payload: unknown): boolean {
  if (payload === null || payload === undefined || payload === '') return true;
  return typeof payload === 'object' && Object.keys(payload).length === 0;
}

async function statusesOf(client: LedgerClient, repo: RepoRef, id: number): Promise<GitHubDeploymentStatus[]> {
  const { data } = await client.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id, per_page: 100 });
  return data as GitHubDeploymentStatus[];
}

/** Lead time needs the committer time of each successful deploy's commit: one request per distinct sha. */
async function addCommitTimes(
  client: LedgerClient,
  repo: RepoRef,
  entries: HistoryEntry[],
  limit: number,
  log: (line: string) => void,
): Promise<void> {
  const shas = [...new Set(entries.filter((e) => e.kind === 'deploy' && e.succeededAt).map((e) => e.sha))];
  const times = new Map<string, string>();
  let refused = false;
  await mapLimit(shas, limit, async (sha) => {
    if (refused) return;
    try {
      const { data } = await client.rest.repos.getCommit({ ...repo, ref: sha });
      const date = (data as GitHubCommit).commit.committer?.date;
      if (date) times.set(sha, date);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 403) {
        // A token without contents: read (a private repository): every commit would be refused alike.
        if (!refused) log(`GitHub refused to show commit ${sha} (403): lead time needs contents: read; left out`);
        refused = true;
        return;
      }
      // A commit gone from the repository (force-pushed away) only costs that lead time.
      if (status !== 404 && status !== 422) throw error;
      log(`Commit ${sha} is not in the repository (${status}); its lead time is left out`);
    }
  });
  for (const entry of entries) {
    const time = times.get(entry.sha);
    if (time && entry.kind === 'deploy' && entry.succeededAt) entry.committedAt = time;
  }
}

/** Runs `work` over items with at most `limit` in flight, keeping the order of items. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
