// Seeds the fake GitHub API with deployments at exact times, so a test can
// work its expected metrics out by hand. (test/github-api's Seeder stamps
// everything "now, one second apart"; these helpers set the clock instead.)
import type { FakeGitHub } from '../github-api';
import { nextId, type DeploymentStatusState } from '../github-api/state';

export interface TimedDeployment {
  environment: string;
  sha: string;
  task?: 'deploy' | 'rollback';
  /** deploy-kit's payload, an older shape, or `{}` (GitHub's record of a job's environment:). */
  payload: Record<string, unknown> | string;
  createdAt: string;
  /** Statuses in the order they were set, each with its time. */
  statuses: [DeploymentStatusState, string][];
  creator?: string;
}

/** Adds one deployment and its statuses; returns its id. */
export function seedTimed(api: FakeGitHub, seed: TimedDeployment): number {
  const stored = api.seed.deployment({
    environment: seed.environment,
    sha: seed.sha,
    task: seed.task ?? 'deploy',
    payload: typeof seed.payload === 'string' ? {} : seed.payload,
  });
  stored.payload = seed.payload;
  stored.createdAt = seed.createdAt;
  stored.updatedAt = seed.statuses.at(-1)?.[1] ?? seed.createdAt;
  if (seed.creator) stored.creator = seed.creator;
  for (const [state, at] of seed.statuses) {
    api.state.statuses.push({
      id: nextId(),
      deploymentId: stored.id,
      state,
      description: '',
      environment: seed.environment,
      logUrl: `https://github.com/octo-org/hello-world/actions/runs/${stored.id}`,
      environmentUrl: '',
      createdAt: at,
      creator: api.state.login,
    });
  }
  return stored.id;
}

/** deploy-kit's payload for a version, with a digest derived from it. */
export function ledgerPayload(version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    image: `ghcr.io/octo-org/app:${version}`,
    digest: digestOf(version),
    version,
    ...extra,
  };
}

export function digestOf(version: string): string {
  const hex = Buffer.from(version).toString('hex');
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}`;
}

/** A 40-hex sha made from a short name, so tests can tell commits apart. */
export function shaOf(name: string): string {
  return Buffer.from(name).toString('hex').padEnd(40, '0').slice(0, 40);
}
