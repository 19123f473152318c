import {
  nextId,
  nextTimestamp,
  type FakeGitHubState,
  type ProtectionRule,
  type StoredCheckRun,
  type StoredCommitStatus,
  type StoredDeployment,
  type DeploymentStatusState,
} from './state';

export interface SeedDeployment {
  sha?: string;
  environment: string;
  task?: string;
  payload?: Record<string, unknown>;
  /** Statuses in the order they were set; the last one is the current state. */
  states?: DeploymentStatusState[];
  environmentUrl?: string;
  /** log_url of every status, e.g. a workflow run's URL. */
  logUrl?: string;
  productionEnvironment?: boolean;
}

/** Helpers tests use to put the fake into a known state without going through the API. */
export class Seeder {
  constructor(private readonly state: FakeGitHubState) {}

  environment(name: string, options: { protectionRules?: ProtectionRule[] } = {}): void {
    const existing = this.state.environments.find((e) => e.name === name);
    if (existing) {
      existing.protectionRules = options.protectionRules ?? existing.protectionRules;
      return;
    }
    this.state.environments.push({
      id: nextId(),
      name,
      protectionRules: options.protectionRules ?? [],
      createdAt: nextTimestamp(),
    });
  }

  deployment(seed: SeedDeployment): StoredDeployment {
    this.environment(seed.environment);
    const at = nextTimestamp();
    const deployment: StoredDeployment = {
      id: nextId(),
      sha: seed.sha ?? 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
      ref: seed.sha ?? 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
      task: seed.task ?? 'deploy',
      environment: seed.environment,
      originalEnvironment: seed.environment,
      description: null,
      payload: seed.payload ?? {},
      transientEnvironment: false,
      productionEnvironment: seed.productionEnvironment ?? seed.environment === 'production',
      createdAt: at,
      updatedAt: at,
      creator: this.state.login,
    };
    this.state.deployments.push(deployment);
    for (const state of seed.states ?? []) {
      this.state.statuses.push({
        id: nextId(),
        deploymentId: deployment.id,
        state,
        description: '',
        environment: seed.environment,
        logUrl: seed.logUrl ?? '',
        environmentUrl: seed.environmentUrl ?? '',
        createdAt: nextTimestamp(),
        creator: this.state.login,
      });
    }
    return deployment;
  }

  commitStatus(
    sha: string,
    context: string,
    state: StoredCommitStatus['state'],
    description: string | null = null,
  ): void {
    const list = this.state.commitStatuses.get(sha) ?? [];
    list.push({ id: nextId(), context, state, description, createdAt: nextTimestamp() });
    this.state.commitStatuses.set(sha, list);
  }

  /** Check runs for a commit, e.g. `checks(sha, { name: 'test', conclusion: 'success' })`. */
  checks(
    sha: string,
    ...runs: {
      name: string;
      status?: StoredCheckRun['status'];
      conclusion?: StoredCheckRun['conclusion'];
      detailsUrl?: string;
    }[]
  ): void {
    const list = this.state.checkRuns.get(sha) ?? [];
    for (const run of runs) {
      const status = run.status ?? 'completed';
      list.push({
        id: nextId(),
        name: run.name,
        status,
        conclusion: status === 'completed' ? (run.conclusion ?? 'success') : null,
        startedAt: nextTimestamp(),
        ...(run.detailsUrl ? { detailsUrl: run.detailsUrl } : {}),
      });
    }
    this.state.checkRuns.set(sha, list);
  }

  release(release: {
    tag: string;
    prerelease?: boolean;
    draft?: boolean;
    name?: string;
    body?: string;
    targetCommitish?: string;
  }): number {
    const id = nextId();
    this.state.releases.push({
      id,
      tag: release.tag,
      name: release.name ?? release.tag,
      body: release.body ?? '',
      draft: release.draft ?? false,
      prerelease: release.prerelease ?? false,
      targetCommitish: release.targetCommitish ?? this.state.defaultBranch,
      createdAt: nextTimestamp(),
    });
    return id;
  }
}
