export { createGitHubClient, type GitHubClient, type GitHubClientOptions } from './client';
export { isCreatingWrite } from './creating-writes';
export { httpStatus, mayHaveBeenApplied, describeGitHubError } from './errors';
