import { example } from './spec';
import type {
  FakeGitHubState,
  ProtectionRule,
  StoredCheckRun,
  StoredCommitStatus,
  StoredDeployment,
  StoredDeploymentStatus,
  StoredEnvironment,
  StoredRelease,
} from './state';

/**
 * Turns stored state into the JSON GitHub sends. Nested objects GitHub fills
 * with data the fake has no model for (users, apps, the full repository) start
 * from the description's own examples, so they stay complete as the
 * description evolves.
 */
export class Representations {
  constructor(
    private readonly state: FakeGitHubState,
    private readonly apiUrl: string,
  ) {}

  private get repoUrl(): string {
    return `${this.apiUrl}/repos/${this.state.owner}/${this.state.repo}`;
  }

  private get htmlRepoUrl(): string {
    return `https://github.com/${this.state.owner}/${this.state.repo}`;
  }

  user(login: string): Record<string, unknown> {
    const user = example<Record<string, unknown>>('simple-user');
    const isBot = login.endsWith('[bot]');
    return {
      ...user,
      login,
      id: isBot ? 41898282 : 1,
      type: isBot ? 'Bot' : 'User',
      url: `${this.apiUrl}/users/${encodeURIComponent(login)}`,
    };
  }

  deployment(d: StoredDeployment): Record<string, unknown> {
    return {
      url: `${this.repoUrl}/deployments/${d.id}`,
      id: d.id,
      node_id: nodeId('Deployment', d.id),
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.originalEnvironment,
      environment: d.environment,
      description: d.description,
      creator: this.user(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${this.repoUrl}/deployments/${d.id}/statuses`,
      repository_url: this.repoUrl,
      transient_environment: d.transientEnvironment,
      production_environment: d.productionEnvironment,
    };
  }

  deploymentStatus(s: StoredDeploymentStatus): Record<string, unknown> {
    return {
      url: `${this.repoUrl}/deployments/${s.deploymentId}/statuses/${s.id}`,
      id: s.id,
      node_id: nodeId('DeploymentStatus', s.id),
      state: s.state,
      creator: this.user(s.creator),
      description: s.description,
      environment: s.environment,
      target_url: s.logUrl,
      created_at: s.createdAt,
      updated_at: s.createdAt,
      deployment_url: `${this.repoUrl}/deployments/${s.deploymentId}`,
      repository_url: this.repoUrl,
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
    };
  }

  environment(e: StoredEnvironment): Record<string, unknown> {
    return {
      id: e.id,
      node_id: nodeId('Environment', e.id),
      name: e.name,
      url: `${this.repoUrl}/environments/${encodeURIComponent(e.name)}`,
      html_url: `${this.htmlRepoUrl}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
      created_at: e.createdAt,
      updated_at: e.createdAt,
      protection_rules: e.protectionRules.map((rule, i) => this.protectionRule(rule, e.id * 10 + i)),
      deployment_branch_policy: null,
    };
  }

  private protectionRule(rule: ProtectionRule, id: number): Record<string, unknown> {
    const base = { id, node_id: nodeId('Gate', id), type: rule.type };
    if (rule.type === 'wait_timer') return { ...base, wait_timer: rule.minutes };
    if (rule.type === 'required_reviewers') {
      return {
        ...base,
        prevent_self_review: false,
        reviewers: (rule.reviewers ?? ['octocat']).map((login) => ({ type: 'User', reviewer: this.user(login) })),
      };
    }
    return base;
  }

  combinedStatus(sha: string, statuses: StoredCommitStatus[]): Record<string, unknown> {
    // GitHub reports only the newest status per context.
    const latest = new Map<string, StoredCommitStatus>();
    for (const s of statuses) latest.set(s.context, s);
    const list = [...latest.values()];
    const state = list.some((s) => s.state === 'error' || s.state === 'failure')
      ? 'failure'
      : list.length === 0 || list.some((s) => s.state === 'pending')
        ? 'pending'
        : 'success';
    return {
      state,
      statuses: list.map((s) => ({
        url: `${this.repoUrl}/statuses/${sha}`,
        avatar_url: null,
        id: s.id,
        node_id: nodeId('Status', s.id),
        state: s.state,
        description: s.description,
        target_url: null,
        context: s.context,
        created_at: s.createdAt,
        updated_at: s.createdAt,
      })),
      sha,
      total_count: list.length,
      repository: this.minimalRepository(),
      commit_url: `${this.repoUrl}/commits/${sha}`,
      url: `${this.repoUrl}/commits/${sha}/status`,
    };
  }

  checkRun(sha: string, run: StoredCheckRun): Record<string, unknown> {
    const template = example<{ check_runs: Record<string, unknown>[] }>('check-run-paginated').check_runs[0] as Record<
      string,
      unknown
    >;
    return {
      ...template,
      id: run.id,
      head_sha: sha,
      node_id: nodeId('CheckRun', run.id),
      external_id: '',
      url: `${this.repoUrl}/check-runs/${run.id}`,
      html_url: `${this.htmlRepoUrl}/runs/${run.id}`,
      details_url: run.detailsUrl ?? `${this.htmlRepoUrl}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.status === 'completed' ? run.startedAt : null,
      name: run.name,
      pull_requests: [],
    };
  }

  release(r: StoredRelease): Record<string, unknown> {
    const template = example<Record<string, unknown>>('release');
    const tag = encodeURIComponent(r.tag);
    return {
      ...template,
      url: `${this.repoUrl}/releases/${r.id}`,
      html_url: `${this.htmlRepoUrl}/releases/tag/${tag}`,
      assets_url: `${this.repoUrl}/releases/${r.id}/assets`,
      upload_url: `https://uploads.github.com/repos/${this.state.owner}/${this.state.repo}/releases/${r.id}/assets{?name,label}`,
      tarball_url: `${this.repoUrl}/tarball/${tag}`,
      zipball_url: `${this.repoUrl}/zipball/${tag}`,
      id: r.id,
      node_id: nodeId('Release', r.id),
      tag_name: r.tag,
      target_commitish: r.targetCommitish,
      name: r.name,
      body: r.body,
      draft: r.draft,
      prerelease: r.prerelease,
      created_at: r.createdAt,
      published_at: r.draft ? null : r.createdAt,
      author: this.user('octocat'),
      assets: [],
    };
  }

  fullRepository(): Record<string, unknown> {
    const template = example<Record<string, unknown>>('full-repository-default-response');
    const { owner, repo } = this.state;
    const rewritten = JSON.parse(
      JSON.stringify(template)
        .replaceAll('https://api.github.com/repos/octocat/Hello-World', this.repoUrl)
        .replaceAll('octocat/Hello-World', `${owner}/${repo}`),
    ) as Record<string, unknown>;
    // The description's example leaves out `language`, which its schema
    // requires, and describes a fork; this repository is not one.
    delete rewritten.source;
    delete rewritten.parent;
    return {
      ...rewritten,
      language: rewritten.language ?? null,
      fork: false,
      id: this.state.repoId,
      name: repo,
      full_name: `${owner}/${repo}`,
      default_branch: this.state.defaultBranch,
      owner: this.user(owner),
    };
  }

  private minimalRepository(): Record<string, unknown> {
    const full = this.fullRepository();
    const keys = Object.keys(example<Record<string, unknown>>('minimal-repository'));
    return Object.fromEntries(
      keys.map((k) => [k, full[k] ?? example<Record<string, unknown>>('minimal-repository')[k]]),
    );
  }

  error(message: string, status: number): Record<string, unknown> {
    return { message, documentation_url: 'https://docs.github.com/rest', status: String(status) };
  }
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');
}
