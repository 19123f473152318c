import type { FakeGitHub } from '../../../test/github-api';

const HOUR_MS = 60 * 60 * 1000;

export interface HistoryOptions {
  environment?: string;
  /** Time between two seeded deployments (default one day). */
  spacingMs?: number;
}

/**
 * Seeds an environment with `count` deploy-kit deployments as the ledger
 * leaves them, oldest first: every fifth one failed, the others succeeded and
 * were superseded (`inactive`), and the newest is the current `success`. The
 * newest was created an hour ago, each earlier one `spacingMs` before the next.
 * Returns the seeded deployments' ids, newest last.
 */
export function seedHistory(api: FakeGitHub, count: number, options: HistoryOptions = {}): number[] {
  const environment = options.environment ?? 'production';
  const spacingMs = options.spacingMs ?? 24 * HOUR_MS;
  const now = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const newest = i === count - 1;
    const failed = !newest && i % 5 === 4;
    const version = `1.${i}.0`;
    const seeded = api.seed.deployment({
      environment,
      payload: { image: `ghcr.io/octo-org/app:${version}`, digest: `sha256:${String(i).padStart(64, '0')}`, version },
      states: newest
        ? ['in_progress', 'success']
        : failed
          ? ['in_progress', 'failure']
          : ['in_progress', 'success', 'inactive'],
    });
    const at = new Date(now - HOUR_MS - (count - 1 - i) * spacingMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    seeded.createdAt = at;
    seeded.updatedAt = at;
    ids.push(seeded.id);
  }
  return ids;
}

/** Counts the requests `work` sends to the fake API. */
export async function countRequests(api: FakeGitHub, work: () => Promise<unknown>): Promise<number> {
  const before = api.requests.length;
  await work();
  return api.requests.length - before;
}
