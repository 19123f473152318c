import { UserError } from '@deploy-kit/action-kit';
import type { Target } from '@deploy-kit/model';
import type { TargetSecrets, TargetSettingsContext } from '../target-from-settings';
import { KubernetesTarget } from './kubernetes-target';
import { kubernetesStrategy } from './strategy';

type KubernetesSettings = Extract<Target, { kind: 'kubernetes' }>;

/**
 * `kind: kubernetes` from the config file: every service of the file into its own workload, the
 * kubeconfig from the environment's DEPLOY_KUBECONFIG secret. Pure: nothing is read or contacted.
 */
export function kubernetesFromSettings(
  target: KubernetesSettings,
  secrets: TargetSecrets,
  context: TargetSettingsContext,
): KubernetesTarget {
  const kubeconfig = secrets.kubeconfig?.trim();
  if (!kubeconfig) {
    throw new UserError(
      `${context.where}: the secret DEPLOY_KUBECONFIG is empty: set it in Settings → Environments → this environment → Environment secrets, and pass it to the kubeconfig input (kubeconfig: \${{ secrets.DEPLOY_KUBECONFIG }})`,
    );
  }
  const env = context.env ?? process.env;
  return new KubernetesTarget({
    kubeconfig,
    ...(target.kubeContext ? { context: target.kubeContext } : {}),
    namespace: target.namespace,
    ...(env.RUNNER_TEMP ? { tempRoot: env.RUNNER_TEMP } : {}),
    manifests: target.manifests,
    workloads: target.workloads.map((w) => `${w.service}=deployment/${w.deployment}:${w.container}`).join('\n'),
    oneImage: false,
    strategy: kubernetesStrategy(context.strategy, context.where.replace(/\.target$/, '.strategy'), context.health),
    timeoutMs: target.deployTimeoutMs,
    forceConflicts: target.forceConflicts,
    settingName: (setting) =>
      setting === 'kubeconfig' ? 'the secret DEPLOY_KUBECONFIG' : `${context.where}.${setting}`,
  });
}
