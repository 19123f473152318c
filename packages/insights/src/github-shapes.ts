/** The fields of GitHub's REST answers this package reads. */

/** A deployment as GitHub lists it: the ledger's own reading of the fields, shared. */
export type { GitHubDeployment } from '@deploy-kit/ledger';

export interface GitHubDeploymentStatus {
  id: number;
  state: string;
  created_at: string;
  log_url?: string;
  target_url?: string;
}

export interface GitHubCommit {
  commit: { committer: { date?: string } | null };
}

/**
 * The three REST calls the history needs, as Octokit (`@deploy-kit/github`'s
 * client) offers them. Method syntax on purpose: Octokit's methods take wider
 * parameter types, which method parameters accept.
 */
export interface LedgerClient {
  rest: {
    repos: {
      listDeployments(params: {
        owner: string;
        repo: string;
        environment?: string;
        per_page: number;
        page: number;
      }): Promise<{ data: unknown }>;
      listDeploymentStatuses(params: {
        owner: string;
        repo: string;
        deployment_id: number;
        per_page: number;
      }): Promise<{ data: unknown }>;
      getCommit(params: { owner: string; repo: string; ref: string }): Promise<{ data: unknown }>;
    };
  };
}
