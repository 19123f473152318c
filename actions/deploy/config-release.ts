import { readRunContext } from '@deploy-kit/action-kit';
import type { MovingTagsSettings } from '@deploy-kit/engine';
import type { RegistryClient } from '@deploy-kit/registry';
import { actionsLog } from './actions-log';
import { loadConfigSettings, type ConfigSettings } from './config-settings';
import type { FileSettings } from './prepare-release';

/** The inputs both front doors share here: the file, its environment, and the secrets the file never holds. */
export interface ConfigInputs {
  config: string;
  environment: string;
  version?: string | undefined;
  'ssh-key'?: string | undefined;
  'ssh-known-hosts'?: string | undefined;
  kubeconfig?: string | undefined;
}

/** The config file's settings for prepareRelease, and the file's own model for the rest. */
export async function fileSettings(
  inputs: ConfigInputs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ settings: ConfigSettings; file: FileSettings }> {
  const context = readRunContext(env);
  const settings = await loadConfigSettings({
    file: inputs.config,
    environment: inputs.environment,
    version: inputs.version,
    repository: context.repository,
    secrets: {
      ...(inputs['ssh-key'] ? { sshKey: inputs['ssh-key'] } : {}),
      ...(inputs['ssh-known-hosts'] ? { knownHosts: inputs['ssh-known-hosts'] } : {}),
      ...(inputs.kubeconfig ? { kubeconfig: inputs.kubeconfig } : {}),
    },
    log: actionsLog(),
    env,
  });
  const { environment } = settings;
  return {
    settings,
    file: {
      target: settings.target,
      services: settings.services.map((service) => service.slot),
      health: settings.health,
      ...(environment.url ? { environmentUrl: environment.url } : {}),
      ...(environment.production === 'auto' ? {} : { productionEnvironment: environment.production }),
    },
  };
}

/** The file's environment decides which moving tags follow it: what it takes (`on:`); `vX.Y`/`vX` with `semver-tags`. */
export function fileMovingTags(
  settings: ConfigSettings,
  registry: RegistryClient,
  semverTags: boolean,
): MovingTagsSettings {
  return { takes: settings.environment.on, semverTags, registry };
}
