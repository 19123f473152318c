import { describeFetchError, fetchWithTimeout } from '@deploy-kit/http';
import { deploymentHistory, type HistoryEntry } from '../deployment-history';
import { registryTags } from '../registry-view';
import { DEMO_TOKEN } from '../scenario';
import { DEMO_REPOSITORY } from '../stack/start-stack';
import type { ReceivedNotification } from '../stack/webhook-receiver';
import { SERVICES, type EnvironmentHost, type EnvironmentName, type ServiceName } from './hosts';
import type { ServicesStack } from './stack';

const TIMEOUT_MS = 5_000;

/** One service of an environment, as its users (HTTP) and its operators (the host) see it. */
export interface ServiceView {
  environment: EnvironmentName;
  service: ServiceName;
  url: string;
  /** GET /api/health parsed; undefined when nothing answers. */
  health?: { status?: string; version?: string; revision?: string };
  /** The image reference its container was started from (deploy-kit pins it by digest). */
  runningImage?: string;
  error?: string;
}

/** Everything the story left behind, seen from outside deploy-kit. */
export interface ServicesObservation {
  /** Per service: registry tag -> manifest digest. */
  tags: Record<ServiceName, Record<string, string>>;
  services: ServiceView[];
  /** Oldest first, per environment. */
  history: Record<EnvironmentName, HistoryEntry[]>;
  notifications: ReceivedNotification[];
  refusedNotifications: string[];
  apiValidationErrors: string[];
}

async function viewService(host: EnvironmentHost, service: ServiceName): Promise<ServiceView> {
  const view: ServiceView = { environment: host.name, service, url: host.healthUrls[service] };
  try {
    const compose = `cd '${host.projectDir}' && docker compose -f '${host.composeFile}' ps -q ${service}`;
    const id = (await host.sshd.exec(compose, { timeoutMs: 60_000 })).stdout.trim().split('\n')[0];
    if (id) {
      const inspect = `docker inspect --format '{{.Config.Image}}' ${id}`;
      view.runningImage = (await host.sshd.exec(inspect, { timeoutMs: 30_000 })).stdout.trim();
    }
  } catch (error) {
    view.error = `docker compose ps: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    const answer = await fetchWithTimeout(host.healthUrls[service], { timeoutMs: TIMEOUT_MS });
    view.health = JSON.parse(answer.body.toString('utf8')) as ServiceView['health'];
  } catch (error) {
    view.error = `${view.error ? `${view.error}; ` : ''}${describeFetchError(error)}`;
  }
  return view;
}

export async function observeServices(stack: ServicesStack): Promise<ServicesObservation> {
  const query = { apiUrl: stack.github.url, repository: DEMO_REPOSITORY, token: DEMO_TOKEN };
  const tags = {} as Record<ServiceName, Record<string, string>>;
  for (const service of SERVICES) tags[service] = await registryTags(stack.images[service]);
  const services: ServiceView[] = [];
  for (const host of Object.values(stack.hosts))
    for (const service of SERVICES) services.push(await viewService(host, service));
  return {
    tags,
    services,
    history: {
      staging: await deploymentHistory(query, 'staging'),
      production: await deploymentHistory(query, 'production'),
    },
    notifications: [...stack.receiver.received],
    refusedNotifications: [...stack.receiver.refused],
    apiValidationErrors: [...stack.github.validationErrors],
  };
}

/** A deployment's digest for one service, from its payload's `services`. */
export function serviceDigest(entry: HistoryEntry | undefined, service: ServiceName): string | undefined {
  const services = entry?.payload.services;
  if (!Array.isArray(services)) return undefined;
  const found = (services as { service?: unknown; digest?: unknown }[]).find((s) => s.service === service);
  return typeof found?.digest === 'string' ? found.digest : undefined;
}
