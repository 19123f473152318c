/**
 * Where the starter workflows (workflows-templates/) take each setting of the inputs path from, so
 * an empty one names what the user actually sets: a repository variable or secret, not an input of
 * a workflow they never wrote.
 */
const STARTER_SOURCES: Record<string, string> = {
  'staging-url': 'the repository variable STAGING_HEALTH_URL',
  'production-url': 'the repository variable PRODUCTION_HEALTH_URL',
  'ssh-host': 'the repository variable DEPLOY_SSH_HOST',
  'ssh-user': 'the repository variable DEPLOY_SSH_USER',
  'project-dir': 'the repository variable DEPLOY_PROJECT_DIR',
  'ssh-key': 'the secret DEPLOY_SSH_KEY',
  'ssh-known-hosts': 'the secret DEPLOY_SSH_KNOWN_HOSTS',
};

/** ` (the starter workflows set it from the repository variable DEPLOY_SSH_HOST)`, or ''. */
export function starterSource(input: string): string {
  const source = STARTER_SOURCES[input];
  return source ? ` (the starter workflows set it from ${source})` : '';
}
