import type { Environment } from './types';

/** A GitHub secret an environment cannot deploy without. */
export interface RequiredSecret {
  /** The secret's name in the GitHub environment (Settings → Environments → <name> → Environment secrets). */
  name: 'DEPLOY_SSH_KEY' | 'DEPLOY_SSH_KNOWN_HOSTS' | 'DEPLOY_KUBECONFIG';
  /** What it is for, in a few words, for the message that names it. */
  purpose: string;
}

/**
 * The secrets an environment's target needs; secrets never appear in the file, so this is what the
 * workflows check before anything is built. Notification channels are optional (each one set
 * enables its channel), so they are never required.
 */
export function requiredSecrets(environment: Environment): RequiredSecret[] {
  const { target } = environment;
  if (target.kind === 'kubernetes') {
    const context = target.kubeContext ? ` (context ${target.kubeContext})` : '';
    return [
      {
        name: 'DEPLOY_KUBECONFIG',
        purpose: `the kubeconfig of the cluster of namespace ${target.namespace}${context}`,
      },
    ];
  }
  if (target.kind !== 'ssh-compose') return [];
  const hosts = target.hosts.join(', ');
  const secrets: RequiredSecret[] = [{ name: 'DEPLOY_SSH_KEY', purpose: `the private key of ${target.user}@${hosts}` }];
  if (!target.insecureSkipHostKey) {
    secrets.push({ name: 'DEPLOY_SSH_KNOWN_HOSTS', purpose: `the host keys of ${hosts} (ssh-keyscan output)` });
  }
  return secrets;
}
