export type {
  DeployConfig,
  Service,
  ServiceHealth,
  Environment,
  Target,
  SshComposeTarget,
  CommandTarget,
  KubernetesTarget,
  KubernetesWorkload,
  Notify,
  RollbackOn,
  ReleaseKind,
  ConfigProblem,
  ConfigResult,
} from './types';
export type {
  Strategy,
  RecreateStrategy,
  BlueGreenStrategy,
  RollingStrategy,
  CanaryStrategy,
  ProxySettings,
} from '@deploy-kit/rollout';
export { parseConfig, type ParseConfigOptions } from './parse-config';
export type { ValueChecks } from './value-checks';
export { loadConfigFile, DEFAULT_CONFIG_FILE, type LoadConfigOptions } from './load-config';
export { formatProblem, problemsLine } from './format';
export { environmentFor, type EnvironmentChoice } from './environment-for';
export { configFileSchema, RELEASE_KINDS, TARGET_KINDS, type ConfigFile } from './schema';
export { configJsonSchema, configJsonSchemaText, CONFIG_SCHEMA_URL } from './json-schema';
export { maskSecrets, looksLikeSecretKey } from './secrets';
export { defaultImageVariable, SERVICE_NAME, SERVICE_NAME_RULE } from './names';
export { serviceImage, isRepository } from './image';
export { requiredSecrets, type RequiredSecret } from './required-secrets';
