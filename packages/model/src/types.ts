import type { Strategy } from '@deploy-kit/rollout';

/**
 * The deployment model: what is deployed (services) and where (environments, each with one
 * target). The config file adapter produces it today; the action-inputs adapter (one service)
 * will produce the same types. Durations are milliseconds; lists are never undefined.
 */

/** Which releases an environment receives: a GitHub prerelease or a full release. */
export type ReleaseKind = 'prerelease' | 'release';

export interface ServiceHealth {
  /** JSON assertions, one per item (`status == "ok"`), as the health-check `json` input. */
  json: string[];
  /** The service must report the version being deployed, read at `jsonVersionPath`. */
  expectVersion: boolean;
  jsonVersionPath: string;
  expectedStatus: string;
  method: string;
  bodyContains?: string;
  bodyRegex?: string;
  timeoutMs: number;
  intervalMs: number;
  backoff: string;
  maxIntervalMs: number;
  maxAttempts?: number;
  deadlineMs: number;
  consecutiveSuccesses: number;
  failureThreshold: number;
  maxLatencyMs?: number;
  followRedirects: boolean;
  insecureTls: boolean;
  redactQueryParams: string[];
}

export interface Service {
  /** The key in `services:`; also what results and records are keyed by. */
  name: string;
  /** Image name without tag, e.g. ghcr.io/acme/shop/api. */
  image: string;
  context: string;
  /** Undefined: `<context>/Dockerfile`. */
  dockerfile?: string;
  buildArgs: Record<string, string>;
  /** Empty: the runner's platform. */
  platforms: string[];
  composeService: string;
  imageVariable: string;
  health: ServiceHealth;
}

export interface SshComposeTarget {
  kind: 'ssh-compose';
  hosts: string[];
  user: string;
  port: number;
  projectDir: string;
  /** Undefined: compose's own default file. */
  composeFile?: string;
  composeCommand: string;
  connectTimeoutMs: number;
  deployTimeoutMs: number;
  registryLogin: boolean;
  insecureSkipHostKey: boolean;
}

export interface CommandTarget {
  kind: 'command';
  command: string;
  deployTimeoutMs: number;
}

export interface KubernetesTarget {
  kind: 'kubernetes';
  /** Undefined: the kubeconfig's current-context. */
  kubeContext?: string;
  namespace: string;
  /** The manifests folder, relative to the repository (the job's working directory). */
  manifests: string;
  /** Every service of the file, in file order: its Deployment and container (default `deployment/<service>:<service>`). */
  workloads: KubernetesWorkload[];
  deployTimeoutMs: number;
  forceConflicts: boolean;
}

/** Where one service runs on Kubernetes: `deployment/NAME:CONTAINER`. */
export interface KubernetesWorkload {
  service: string;
  deployment: string;
  container: string;
}

/** Where an environment runs its services. */
export type Target = SshComposeTarget | CommandTarget | KubernetesTarget;

export interface Notify {
  started: boolean;
  message?: string;
  emailTo: string[];
  emailFrom?: string;
  failOnError: boolean;
  timeoutMs: number;
}

export type RollbackOn = 'unhealthy' | 'failure' | 'never';

export interface Environment {
  /** The GitHub environment name, as written. */
  name: string;
  /** Releases deployed here automatically; empty: manual deploys only. */
  on: ReleaseKind[];
  url?: string;
  /** Health URLs per service name; a service without URLs is not checked here. */
  health: Record<string, string[]>;
  target: Target;
  /** How a release replaces the running one, for every target kind; `recreate` when unset. */
  strategy: Strategy;
  /** Freeze windows as written (`Fri 18:00 - Mon 08:00 Europe/Berlin`). */
  freeze: string[];
  requireChecks: boolean;
  ignoreChecks: string[];
  requiredEnv: string[];
  requireEnvironment: boolean;
  production: 'auto' | boolean;
  rollbackOn: RollbackOn;
  notify: Notify;
}

export interface DeployConfig {
  /** Where the settings came from (the config file path), for messages. */
  source: string;
  /** In file order. */
  services: Service[];
  /** In file order. */
  environments: Environment[];
}

/** One thing wrong with a config file, located where the user wrote it. */
export interface ConfigProblem {
  file: string;
  /** 1-based; a problem with the file as a whole is at 1:1. */
  line: number;
  column: number;
  /** Dotted path of the key (`environments.production.target.hosts`); '' for the whole file. */
  path: string;
  message: string;
}

export type ConfigResult =
  | { kind: 'ok'; config: DeployConfig }
  | { kind: 'invalid'; problems: ConfigProblem[] }
  | { kind: 'missing'; file: string };
