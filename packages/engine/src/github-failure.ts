import { UserError } from '@deploy-kit/action-kit';
import { describeGitHubError, httpStatus } from '@deploy-kit/github';

const HINTS: Record<number, string> = {
  401: 'the github-token input is not a valid token',
  403: 'the job needs `permissions: deployments: write` (or GitHub is rate limiting this token)',
  404: 'the token cannot see this repository, or the job lacks `permissions: deployments: write`',
};

/**
 * A GitHub API failure is not a bug in deploy-kit: it becomes one clear line
 * (status, GitHub's message, what to check) instead of a stack trace.
 * Anything else passes through unchanged.
 */
export function explainGitHubFailure(error: Error): Error {
  if (error instanceof UserError) return error;
  const status = httpStatus(error);
  if (status === undefined) return error;
  const hint =
    HINTS[status] ?? (status >= 500 ? 'GitHub did not answer correctly after retries; re-run the job' : undefined);
  return new UserError(`The GitHub Deployments API failed (${describeGitHubError(error)})${hint ? `: ${hint}` : ''}`, {
    cause: error,
  });
}
