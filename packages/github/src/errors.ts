/** HTTP status of an Octokit RequestError, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * True when a failed request may still have been applied by GitHub: a 5xx
 * answer, or no answer at all (connection reset, timeout; Octokit reports
 * those as status 500 without a response).
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  const status = httpStatus(error);
  return status === undefined || status >= 500;
}

/** One line describing a failed GitHub request, without headers or tokens. */
export function describeGitHubError(error: unknown): string {
  const status = httpStatus(error);
  const full = error instanceof Error ? error.message : String(error);
  // Octokit appends " - <documentation_url>" to GitHub's message; the link adds nothing to a one-liner.
  const message = (full.split('\n')[0] ?? full).replace(/ - https:\/\/docs\.github\.com\S*$/, '');
  return status ? `HTTP ${status}: ${message}` : message;
}
