import type { RequiredSecret } from '@deploy-kit/model';
import type { PlanInputs } from './inputs';
import { starterSource } from './starter-sources';
import type { SecretCheck } from './types';

const INPUT_OF: Record<RequiredSecret['name'], SecretCheck['input']> = {
  DEPLOY_SSH_KEY: 'ssh-key',
  DEPLOY_SSH_KNOWN_HOSTS: 'ssh-known-hosts',
  DEPLOY_KUBECONFIG: 'kubeconfig',
};

/** The config file's secrets for an environment, each checked for a non-empty value. */
export function checkConfigSecrets(required: readonly RequiredSecret[], inputs: PlanInputs): SecretCheck[] {
  return required.map((secret) => {
    const input = INPUT_OF[secret.name];
    return { name: secret.name, input, purpose: secret.purpose, present: Boolean(inputs[input]?.trim()) };
  });
}

/**
 * One sentence per empty secret. GitHub resolves a secret the caller did not pass to an empty
 * string without failing the run, so this is the only place a forgotten one can be named.
 */
export function missingSecretsMessage(
  checks: readonly SecretCheck[],
  environment: string,
  configPath: boolean,
): string | undefined {
  const missing = checks.filter((check) => !check.present);
  if (!missing.length) return undefined;
  const where = `Settings → Environments → ${environment} → Environment secrets`;
  return missing
    .map((check) =>
      configPath
        ? `Secret ${check.name} (${check.purpose}) is empty for environment "${environment}": set it in ${where}, and have the calling workflow pass it by the same name (${check.name}: \${{ secrets.${check.name} }}) or with secrets: inherit`
        : `Secret "${check.name}" (${check.purpose}) is empty for environment "${environment}"${starterSource(check.input)}: set it in ${where} (or the repository's secrets), and have the calling workflow pass it (${check.name}: \${{ secrets.YOUR_SECRET }}) or use secrets: inherit`,
    )
    .join('; ');
}
