import { readPayload } from '@deploy-kit/ledger';
import type { GitHubDeployment, GitHubDeploymentStatus } from './github-shapes';
import type { HistoryEntry, Outcome } from './types';

const FINAL = ['success', 'failure', 'error'];

/**
 * One deployment and its statuses (newest first, as GitHub lists them) as a
 * history entry. Payloads are read defensively: a deployment from before
 * deploy-kit's ledger, or made by another tool, has an empty or different
 * payload, and is still a deployment with an outcome.
 */
export function toEntry(deployment: GitHubDeployment, statuses: readonly GitHubDeploymentStatus[]): HistoryEntry {
  const payload = readPayload(deployment.payload);
  const oldestFirst = [...statuses].reverse();
  const firstOf = (...states: string[]) => oldestFirst.find((s) => states.includes(s.state))?.created_at;
  const entry: HistoryEntry = {
    id: deployment.id,
    environment: deployment.environment,
    kind: deployment.task === 'rollback' ? 'rollback' : 'deploy',
    recordedBy: payload.services.length > 0 ? 'deploy-kit' : 'other',
    sha: deployment.sha,
    version: payload.version,
    image: payload.image,
    digest: payload.digest,
    services: payload.services.map(({ service, image, digest }) => ({ service, image, digest })),
    creator: deployment.creator?.login ?? '',
    createdAt: deployment.created_at,
    outcome: outcomeOf(statuses),
  };
  const succeededAt = firstOf('success');
  const failedAt = firstOf('failure', 'error');
  const finishedAt = firstOf(...FINAL);
  if (succeededAt) entry.succeededAt = succeededAt;
  if (failedAt) entry.failedAt = failedAt;
  if (finishedAt) entry.durationSeconds = Math.max(0, seconds(Date.parse(finishedAt) - Date.parse(entry.createdAt)));
  if (payload.rolledBackFrom && entry.kind === 'rollback') entry.rolledBackFrom = payload.rolledBackFrom;
  const latest = statuses[0];
  const logUrl = latest?.log_url || latest?.target_url;
  if (logUrl) entry.logUrl = logUrl;
  return entry;
}

/**
 * The newest status decides, except `inactive`: the ledger (and GitHub's
 * auto_inactive) marks a success inactive when a newer one supersedes it, so
 * it still succeeded. A success later marked `failure` (a rollback replaced
 * it) is a failure.
 */
function outcomeOf(statuses: readonly GitHubDeploymentStatus[]): Outcome {
  const latest = statuses.find((s) => s.state !== 'inactive');
  if (!latest) return statuses.length > 0 ? 'success' : 'pending';
  if (latest.state === 'success' || latest.state === 'failure' || latest.state === 'error') return latest.state;
  return 'pending';
}

export function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

/**
 * Links each rollback to the deployment it replaced, on the same
 * environment: the one its payload names by id; else (older payloads) the
 * newest earlier deployment with the digest or version it names; else (no
 * `rolledBackFrom` at all) the newest earlier deployment. Entries are newest
 * first; they are changed in place.
 */
export function linkRollbacks(entries: HistoryEntry[]): void {
  for (const [index, rollback] of entries.entries()) {
    if (rollback.kind !== 'rollback') continue;
    const earlier = entries.slice(index + 1).filter((e) => e.environment === rollback.environment);
    const from = rollback.rolledBackFrom;
    const replaced =
      (from?.deploymentId !== undefined ? earlier.find((e) => e.id === from.deploymentId) : undefined) ??
      (from?.digest ? earlier.find((e) => e.digest === from.digest) : undefined) ??
      (from?.version ? earlier.find((e) => e.version === from.version) : undefined) ??
      (from ? undefined : earlier[0]);
    if (!replaced) continue;
    rollback.rolledBackFrom = { version: replaced.version, digest: replaced.digest, deploymentId: replaced.id };
    // Newest first: an older rollback of the same deployment (the first to replace it) wins.
    replaced.rolledBackBy = { deploymentId: rollback.id, version: rollback.version, digest: rollback.digest };
  }
}
