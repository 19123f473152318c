import { resolveStrategy } from '@deploy-kit/rollout';
import { serviceImage } from './image';
import { defaultImageVariable } from './names';
import type {
  ConfigFile,
  EnvironmentEntry,
  NotifyEntry,
  ServiceEntry,
  ServiceHealthEntry,
  TargetEntry,
} from './schema';
import type {
  DeployConfig,
  Environment,
  KubernetesWorkload,
  Notify,
  ReleaseKind,
  Service,
  ServiceHealth,
  Target,
} from './types';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration the schema accepted (`500ms`, `5s`, `2m`, `1h`, `30`) in milliseconds. */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new TypeError(`not a duration: ${JSON.stringify(text)}`);
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number));
}

/** The validated file as the deployment model: names attached, defaults filled, camelCase. */
export function resolveConfig(file: ConfigFile, source: string, repository: string): DeployConfig {
  return {
    source,
    services: Object.entries(file.services).map(([name, entry]) => toService(name, entry, repository)),
    environments: Object.entries(file.environments).map(([name, entry]) =>
      toEnvironment(name, entry, Object.keys(file.services)),
    ),
  };
}

function toService(name: string, entry: ServiceEntry, repository: string): Service {
  return {
    name,
    image: entry.image ?? serviceImage(name, repository),
    context: entry.context,
    ...(entry.dockerfile === undefined ? {} : { dockerfile: entry.dockerfile }),
    buildArgs: Object.fromEntries(Object.entries(entry['build-args']).map(([key, value]) => [key, String(value)])),
    platforms: entry.platforms,
    composeService: entry['compose-service'] ?? name,
    imageVariable: entry['image-variable'] ?? defaultImageVariable(name),
    health: toServiceHealth(entry.health),
  };
}

function toServiceHealth(entry: ServiceHealthEntry): ServiceHealth {
  return {
    json: entry.json,
    expectVersion: entry['expect-version'],
    jsonVersionPath: entry['json-version-path'],
    expectedStatus: String(entry['expected-status']),
    method: entry.method,
    ...(entry['body-contains'] === undefined ? {} : { bodyContains: entry['body-contains'] }),
    ...(entry['body-regex'] === undefined ? {} : { bodyRegex: entry['body-regex'] }),
    timeoutMs: durationMs(entry.timeout),
    intervalMs: durationMs(entry.interval),
    backoff: entry.backoff,
    maxIntervalMs: durationMs(entry['max-interval']),
    ...(entry['max-attempts'] === undefined ? {} : { maxAttempts: entry['max-attempts'] }),
    deadlineMs: durationMs(entry.deadline),
    consecutiveSuccesses: entry['consecutive-successes'],
    failureThreshold: entry['failure-threshold'],
    ...(entry['max-latency'] === undefined ? {} : { maxLatencyMs: durationMs(entry['max-latency']) }),
    followRedirects: entry['follow-redirects'],
    insecureTls: entry['insecure-tls'],
    redactQueryParams: entry['redact-query-params'],
  };
}

function toEnvironment(name: string, entry: EnvironmentEntry, services: string[]): Environment {
  const on: ReleaseKind[] =
    entry.on === undefined ? [] : typeof entry.on === 'string' ? [entry.on] : [...new Set(entry.on)];
  return {
    name,
    on,
    ...(entry.url === undefined ? {} : { url: entry.url }),
    health: Object.fromEntries(
      Object.entries(entry.health).map(([service, urls]) => [service, typeof urls === 'string' ? [urls] : urls]),
    ),
    target: toTarget(entry.target, services),
    strategy: resolveStrategy(entry.strategy),
    freeze: entry.freeze,
    requireChecks: entry['require-checks'],
    ignoreChecks: entry['ignore-checks'],
    requiredEnv: entry['required-env'],
    requireEnvironment: entry['require-environment'],
    production: entry.production,
    rollbackOn: entry['rollback-on'],
    notify: toNotify(entry.notify),
  };
}

function toTarget(entry: TargetEntry, services: string[]): Target {
  switch (entry.kind) {
    case 'ssh-compose':
      return {
        kind: 'ssh-compose',
        hosts: entry.hosts,
        user: entry.user,
        port: entry.port,
        projectDir: entry['project-dir'],
        ...(entry['compose-file'] === undefined ? {} : { composeFile: entry['compose-file'] }),
        composeCommand: entry['compose-command'],
        connectTimeoutMs: durationMs(entry['connect-timeout']),
        deployTimeoutMs: durationMs(entry['deploy-timeout']),
        registryLogin: entry['registry-login'],
        insecureSkipHostKey: entry['insecure-skip-host-key'],
      };
    case 'command':
      return { kind: 'command', command: entry.command, deployTimeoutMs: durationMs(entry['deploy-timeout']) };
    case 'kubernetes':
      return {
        kind: 'kubernetes',
        ...(entry['kube-context'] === undefined ? {} : { kubeContext: entry['kube-context'] }),
        namespace: entry.namespace,
        manifests: entry.manifests,
        workloads: services.map((service) => kubernetesWorkload(service, entry.workloads[service])),
        deployTimeoutMs: durationMs(entry['deploy-timeout']),
        forceConflicts: entry['force-conflicts'],
      };
  }
}

/** `deployment/NAME:CONTAINER` as the schema accepted it; without one, the Deployment and container named after the service. */
function kubernetesWorkload(service: string, written: string | undefined): KubernetesWorkload {
  const match = written === undefined ? undefined : /^deployment\/([^:]+):(.+)$/.exec(written);
  return { service, deployment: match?.[1] ?? service, container: match?.[2] ?? service };
}

function toNotify(entry: NotifyEntry): Notify {
  return {
    started: entry.started,
    ...(entry.message === undefined ? {} : { message: entry.message }),
    emailTo: entry['email-to'],
    ...(entry['email-from'] === undefined ? {} : { emailFrom: entry['email-from'] }),
    failOnError: entry['fail-on-error'],
    timeoutMs: durationMs(entry.timeout),
  };
}
