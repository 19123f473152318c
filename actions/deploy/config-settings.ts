import { InputError, UserError } from '@deploy-kit/action-kit';
import type { ReleaseHealthCheck } from '@deploy-kit/engine';
import { toHealthCheckOptions, type HealthCheckInputs, type HealthCheckOptions } from '@deploy-kit/health';
import {
  loadConfigFile,
  problemsLine,
  type DeployConfig,
  type Environment,
  type ServiceHealth,
} from '@deploy-kit/model';
import { versionTag } from '@deploy-kit/release-plan';
import {
  expandHostUrls,
  targetFromSettings,
  type DeployTarget,
  type ServiceSlot,
  type TargetLog,
} from '@deploy-kit/targets';

/** The release's settings from the config file: the second front door onto the same typed model. */
export interface ConfigSettings {
  source: string;
  environment: Environment;
  /** Every service of the file, in file order, with the image the release's version names (untagged without a version). */
  services: Array<{ slot: ServiceSlot; image: string }>;
  target: DeployTarget;
  /** One check per service with health URLs in this environment. */
  health: ReleaseHealthCheck[];
}

export interface ConfigSecrets {
  sshKey?: string;
  knownHosts?: string;
  kubeconfig?: string;
}

/**
 * Loads the `config` input's file and picks the `environment` input's
 * environment: services, target, health URLs and settings come from the file,
 * the secrets from the inputs. Every problem is found here, before anything is
 * contacted: the file's problems as `FILE:LINE:COLUMN: PATH: message`, an
 * environment the file does not have by name.
 */
export async function loadConfigSettings(options: {
  file: string;
  environment: string;
  version: string | undefined;
  repository: string;
  secrets: ConfigSecrets;
  log: TargetLog;
  env?: NodeJS.ProcessEnv;
}): Promise<ConfigSettings> {
  const result = await loadConfigFile({ file: options.file, repository: options.repository });
  if (result.kind === 'missing') throw new InputError('config', `names ${result.file}, which does not exist`);
  if (result.kind === 'invalid') throw new UserError(problemsLine(result.problems));
  const { config } = result;
  const environment = findEnvironment(config, options.environment);
  const tag = options.version ? versionTag(options.version).tag : undefined;
  const where = `${config.source}: environments.${environment.name}.target`;
  const health: ReleaseHealthCheck[] = [];
  for (const service of config.services) {
    const urls = environment.health[service.name] ?? [];
    if (urls.length)
      health.push({
        ...healthOptions(
          urls,
          service.health,
          options.version ?? '',
          `${config.source}: environments.${environment.name}.health.${service.name}`,
        ),
        // The release's check expects the version this service's deployed image was built as (engine's expectedVersions).
        ...(service.health.expectVersion ? { expectBuiltVersionOf: service.name } : {}),
      });
  }
  const target = targetFromSettings(environment.target, options.secrets, {
    log: options.log,
    where,
    strategy: environment.strategy,
    // A rolling rollout checks each host with these, `{host}` in a URL being that host.
    health,
    ...(options.env ? { env: options.env } : {}),
  });
  // The check once the release is out: `{host}` in a URL stands for every host.
  const hosts = environment.target.kind === 'ssh-compose' ? environment.target.hosts : [];
  return {
    source: config.source,
    environment,
    services: config.services.map((service) => ({
      slot: { service: service.name, composeService: service.composeService, imageVariable: service.imageVariable },
      image: tag ? `${service.image}:${tag}` : service.image,
    })),
    target,
    health: health.map((check) => ({ ...check, urls: expandHostUrls(check.urls, hosts) })),
  };
}

function findEnvironment(config: DeployConfig, name: string): Environment {
  const found = config.environments.find((environment) => environment.name === name);
  if (found) return found;
  const names = config.environments.map((environment) => environment.name).join(', ');
  throw new InputError('environment', `names no environment of ${config.source} (it has: ${names || 'none'})`);
}

/** The model's per-service health settings as the health check's options, for these URLs. */
function healthOptions(urls: string[], health: ServiceHealth, version: string, where: string): HealthCheckOptions {
  return toHealthCheckOptions(
    urls,
    {
      // The schema accepts only HTTP methods; toHealthCheckOptions checks it again.
      method: health.method as HealthCheckInputs['method'],
      headers: undefined,
      body: undefined,
      'expected-status': health.expectedStatus,
      json: health.json.join('\n'),
      'body-contains': health.bodyContains,
      'body-regex': health.bodyRegex,
      'expect-version': health.expectVersion && version ? version : undefined,
      'json-version-path': health.jsonVersionPath,
      timeout: health.timeoutMs,
      interval: health.intervalMs,
      backoff: health.backoff,
      'max-interval': health.maxIntervalMs,
      'max-attempts': health.maxAttempts,
      deadline: health.deadlineMs,
      'consecutive-successes': health.consecutiveSuccesses,
      'failure-threshold': health.failureThreshold,
      'max-latency': health.maxLatencyMs,
      'follow-redirects': health.followRedirects,
      'insecure-tls': health.insecureTls,
      'fail-on-unhealthy': true,
      'redact-query-params': health.redactQueryParams.join('\n'),
    },
    { url: where },
  );
}
