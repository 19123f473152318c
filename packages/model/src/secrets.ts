/**
 * Secrets never appear in the config file: the file is committed and readable by everyone with
 * the repository. Each environment's secrets live in that GitHub environment, so they are
 * released only after its protection rules pass.
 */

/** Keys that name a known secret, with the GitHub secret that holds it. */
const KNOWN_SECRETS: Record<string, string> = {
  'ssh-key': 'DEPLOY_SSH_KEY',
  'private-key': 'DEPLOY_SSH_KEY',
  key: 'DEPLOY_SSH_KEY',
  'ssh-known-hosts': 'DEPLOY_SSH_KNOWN_HOSTS',
  'known-hosts': 'DEPLOY_SSH_KNOWN_HOSTS',
  'slack-webhook-url': 'SLACK_WEBHOOK_URL',
  'teams-webhook-url': 'TEAMS_WEBHOOK_URL',
  'discord-webhook-url': 'DISCORD_WEBHOOK_URL',
  'webhook-url': 'WEBHOOK_URL',
  'webhook-secret': 'WEBHOOK_SECRET',
  'smtp-url': 'SMTP_URL',
  'registry-password': 'REGISTRY_PASSWORD',
  'pagerduty-routing-key': 'PAGERDUTY_ROUTING_KEY',
  kubeconfig: 'DEPLOY_KUBECONFIG',
};

/** A key that names a secret: one of its words is one of these. */
const SECRET_WORD =
  /(?:^|[-_.])(?:key|keys|token|password|passwd|secret|secrets|credential|credentials|kubeconfig|webhook|auth)(?:$|[-_.])/i;

export function looksLikeSecretKey(key: string): boolean {
  return key.toLowerCase() in KNOWN_SECRETS || SECRET_WORD.test(key);
}

/** The error for a secret-looking key: where the secret belongs instead. */
export function secretKeyMessage(key: string, environment: string | undefined): string {
  const secret = KNOWN_SECRETS[key.toLowerCase()];
  const where = environment === undefined ? 'the repository' : `the GitHub environment ${JSON.stringify(environment)}`;
  return secret
    ? `looks like a secret; secrets never go in this file: set it as the secret ${secret} of ${where}`
    : `looks like a secret; secrets never go in this file: set it as a secret of ${where}`;
}

const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** A value that holds a secret whatever its key: a URL with a password, a private key. */
export function secretValueMessage(value: string): string | undefined {
  if (URL_PASSWORD.test(value)) return 'holds a URL with a password; secrets never go in this file';
  if (PRIVATE_KEY.test(value)) return 'holds a private key; secrets never go in this file';
  return undefined;
}

/**
 * A copy of a JSON value for printing: values under secret-looking keys become `***`, and so
 * do URL passwords and private keys wherever they are.
 */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') {
    if (PRIVATE_KEY.test(value)) return '***';
    return value.replace(URL_PASSWORD, '$1:***@');
  }
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        looksLikeSecretKey(key) && inner !== '' ? '***' : maskSecrets(inner),
      ]),
    );
  }
  return value;
}
