export type {
  DeployRequest,
  DeployTarget,
  RunningRelease,
  RunningService,
  ServiceImage,
  ServiceSlot,
  TargetLog,
  HostsRolloutReport,
  HostSteps,
  RolloutReport,
  RolloutPlan,
  TargetHealthCheck,
} from './types';
export { targetFields, targetSecretInputs, TARGET_KINDS, type TargetInputs, type TargetKind } from './fields';
export { createTarget, type TargetContext } from './create-target';
export { targetFromSettings, type TargetSecrets, type TargetSettingsContext } from './target-from-settings';
export {
  SshComposeTarget,
  RemoteCommandError,
  type SshComposeOptions,
  type SshComposeSetting,
} from './ssh-compose/ssh-compose-target';
export { SshConnectionError } from './ssh/ssh-errors';
export { CommandTarget, deployEnvironment } from './command/command-target';
export { KubernetesTarget, type KubernetesTargetOptions } from './kubernetes/kubernetes-target';
export { shellQuote, shellJoin } from './shell-quote';
export {
  MultiHostTarget,
  type HostSlot,
  type MultiHostOptions,
  type MultiHostPlan,
} from './multi-host/multi-host-target';
export { RolloutFailedError } from './multi-host/rollout-failed-error';
export { UnhealthyRolloutError } from './unhealthy-rollout-error';
export { expandHostUrls, hostHealthCheck, resolvedCheck, HOST_PLACEHOLDER } from './multi-host/host-health';
export { rolloutMarkdown, rolloutLine, rolloutStatusText } from './multi-host/report-text';
export { BlueGreenTarget, type BlueGreenOptions } from './blue-green/blue-green-target';
export { ProxyChangeError, type ColourHostOptions } from './blue-green/colour-host';
export {
  renderRolloutReport,
  renderBlueGreenReport,
  renderCanaryReport,
  type ProxyRolloutReport,
  type BlueGreenReport,
  type CanaryReport,
  type RolloutStep,
} from './blue-green/rollout-report';
export { proxySettingsFrom, type ProxyOnHost } from './proxy/proxy-settings';
export { CanaryTarget, type CanaryOptions } from './canary/canary-target';
