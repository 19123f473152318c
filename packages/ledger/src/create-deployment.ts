import { randomUUID } from 'node:crypto';
import { UserError } from '@deploy-kit/action-kit';
import { describeGitHubError, httpStatus, mayHaveBeenApplied, type GitHubClient } from '@deploy-kit/github';
import { fitDescription } from './description';
import { isProductionEnvironment } from './production';
import { REQUEST_KEY, type GitHubDeployment } from './records';
import type { RepoRef, StartRequest } from './types';

/**
 * Creates a deployment exactly once. The POST is never retried blindly: when
 * it fails in a way that may have been applied (5xx, lost connection), the
 * deployments for that commit and environment are searched for the one-time
 * token sent in the payload. Found: that is ours. Not found: GitHub did not
 * apply it, so one more POST is safe. A second failure ends the deploy
 * clearly rather than risk a duplicate record.
 */
export async function createDeploymentOnce(
  octokit: GitHubClient,
  repo: RepoRef,
  request: StartRequest,
  log: (line: string) => void,
): Promise<GitHubDeployment> {
  const token = randomUUID();
  const body = {
    ...repo,
    ref: request.sha,
    environment: request.environment,
    task: request.task,
    auto_merge: false,
    required_contexts: [],
    payload: { ...request.payload, [REQUEST_KEY]: token },
    production_environment: request.productionEnvironment ?? isProductionEnvironment(request.environment),
    transient_environment: false,
    ...(request.description ? { description: fitDescription(request.description) } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await octokit.rest.repos.createDeployment({ ...body, request: { retries: 0 } });
      if (!('id' in data))
        throw new UserError(
          `GitHub did not create a deployment for ${request.environment}: ${data.message ?? 'no reason given'}`,
        );
      return data as GitHubDeployment;
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (!mayHaveBeenApplied(error)) throw refusal(error, request.environment);
      log(
        `Creating the deployment record failed (${describeGitHubError(error)}); checking whether GitHub created it anyway`,
      );
      const existing = await findByToken(octokit, repo, request, token);
      if (existing) {
        log(`GitHub had created deployment ${existing.id}; using it`);
        return existing;
      }
      if (attempt >= 2) {
        throw new UserError(
          `Could not record the deployment in GitHub (${describeGitHubError(error)}, twice); nothing was deployed. Re-run the job when GitHub is healthy.`,
        );
      }
      log('GitHub had not created it; trying once more');
    }
  }
}

async function findByToken(
  octokit: GitHubClient,
  repo: RepoRef,
  request: StartRequest,
  token: string,
): Promise<GitHubDeployment | undefined> {
  const { data } = await octokit.rest.repos.listDeployments({
    ...repo,
    sha: request.sha,
    environment: request.environment,
    task: request.task,
    per_page: 30,
  });
  return (data as GitHubDeployment[]).find(
    (d) => (d.payload as Record<string, unknown> | null)?.[REQUEST_KEY] === token,
  );
}

function refusal(error: unknown, environment: string): Error {
  const status = httpStatus(error);
  if (status === 409)
    return new UserError(
      `GitHub refused to create a deployment for ${environment} (409 conflict): ${describeGitHubError(error)}`,
    );
  if (status === 401 || status === 403 || status === 404) {
    return new UserError(
      `GitHub refused to create a deployment for ${environment} (${describeGitHubError(error)}). The token needs "deployments: write" permission.`,
    );
  }
  if (status === 422)
    return new UserError(`GitHub rejected the deployment for ${environment}: ${describeGitHubError(error)}`);
  return error instanceof Error ? error : new Error(String(error));
}
