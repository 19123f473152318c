/** What the fake remembers between requests; tests read and seed it. */

export type DeploymentStatusState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface StoredDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
  creator: string;
}

export interface StoredDeploymentStatus {
  id: number;
  deploymentId: number;
  state: DeploymentStatusState;
  description: string;
  environment: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
  creator: string;
}

export type ProtectionRule =
  | { type: 'required_reviewers'; reviewers?: string[] }
  | { type: 'wait_timer'; minutes: number }
  | { type: 'branch_policy' };

export interface StoredEnvironment {
  id: number;
  name: string;
  protectionRules: ProtectionRule[];
  createdAt: string;
}

export interface StoredCommitStatus {
  id: number;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  createdAt: string;
}

export interface StoredCheckRun {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
  startedAt: string;
  /** For a GitHub Actions job: `https://github.com/o/r/actions/runs/RUN/job/JOB`. */
  detailsUrl?: string;
}

export interface StoredRelease {
  id: number;
  tag: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  targetCommitish: string;
  createdAt: string;
}

export interface FakeGitHubState {
  owner: string;
  repo: string;
  repoId: number;
  defaultBranch: string;
  /** The login the token belongs to; becomes `creator` of what it creates. */
  login: string;
  deployments: StoredDeployment[];
  statuses: StoredDeploymentStatus[];
  environments: StoredEnvironment[];
  commitStatuses: Map<string, StoredCommitStatus[]>;
  checkRuns: Map<string, StoredCheckRun[]>;
  releases: StoredRelease[];
}

export function emptyState(owner: string, repo: string): FakeGitHubState {
  return {
    owner,
    repo,
    repoId: 1296269,
    defaultBranch: 'main',
    login: 'github-actions[bot]',
    deployments: [],
    statuses: [],
    environments: [],
    commitStatuses: new Map(),
    checkRuns: new Map(),
    releases: [],
  };
}

let clock = Date.parse('2026-01-01T00:00:00Z');

/**
 * Timestamps strictly increase (one second apart) so "newest first" ordering
 * is deterministic even when a test creates things within one millisecond.
 */
export function nextTimestamp(): string {
  clock = Math.max(clock + 1000, Math.floor(Date.now() / 1000) * 1000);
  return new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let ids = 1000;
export function nextId(): number {
  return ++ids;
}
