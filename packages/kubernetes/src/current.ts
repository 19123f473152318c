import { ANNOTATIONS } from './annotations';
import { KubeApiError } from './api-error';
import { liveColor } from './blue-green';
import type { KubeClient } from './client';
import { withCluster, type ClusterAccess, type Runtime } from './connect';
import { DEPLOYMENT, objectPath } from './kinds';
import type { KubernetesStrategy } from './strategy';
import { parseWorkloads } from './workloads';

/** What one service runs now, read from its live Deployment. */
export interface RunningService {
  service: string;
  deployment: string;
  /** The container's image as the cluster has it (`repo@sha256:...` once deploy-kit deployed it). */
  image: string;
  digest?: string;
  version?: string;
  githubDeploymentId?: number;
}

export type CurrentOutcome =
  | { kind: 'running'; services: RunningService[] }
  /** Nothing deployed yet: a workload's Deployment does not exist. */
  | { kind: 'absent'; missing: string[] }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'bad-kubeconfig'; message: string }
  | { kind: 'api-error'; status: number; reason: string; message: string };

/**
 * Reads the images and deploy-kit annotations of each workload, so "previous release" and a
 * rollback's "already running" work as on any target. Under blue-green, the colour the Service
 * selects is the one running.
 */
export async function readCurrent(
  request: ClusterAccess & { workloads: string; strategy: KubernetesStrategy; services?: Record<string, string> },
  runtime: Runtime,
): Promise<CurrentOutcome> {
  const parsed = parseWorkloads(request.workloads);
  if (parsed.kind === 'invalid') return { kind: 'invalid', problems: parsed.problems };
  try {
    const connected = await withCluster(request, runtime, async (client): Promise<CurrentOutcome> => {
      const services: RunningService[] = [];
      const missing: string[] = [];
      for (const workload of parsed.workloads) {
        const name = await liveDeploymentName(client, request, workload.name);
        const object = await getOrUndefined(client, request.namespace, name);
        if (!object) {
          missing.push(name);
          continue;
        }
        const containers = object.spec?.template?.spec?.containers ?? [];
        const image = containers.find((c) => c.name === workload.container)?.image ?? '';
        const annotations = object.metadata?.annotations ?? {};
        const id = Number(annotations[ANNOTATIONS.deploymentId]);
        services.push({
          service: workload.service,
          deployment: name,
          image,
          digest: /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1],
          version: annotations[ANNOTATIONS.version],
          githubDeploymentId: Number.isInteger(id) && id > 0 ? id : undefined,
        });
      }
      return missing.length > 0 ? { kind: 'absent', missing } : { kind: 'running', services };
    });
    return connected.kind === 'bad-kubeconfig' ? connected : connected.value;
  } catch (error) {
    if (error instanceof KubeApiError)
      return { kind: 'api-error', status: error.status, reason: error.reason, message: error.message };
    throw error;
  }
}

interface DeploymentView {
  metadata?: { annotations?: Record<string, string> };
  spec?: {
    selector?: { matchLabels?: Record<string, string> };
    template?: { spec?: { containers?: { name?: string; image?: string }[] } };
  };
}

async function liveDeploymentName(
  client: KubeClient,
  request: { namespace: string; strategy: KubernetesStrategy; services?: Record<string, string> },
  name: string,
): Promise<string> {
  if (request.strategy.kind !== 'blue-green') return name;
  // The Service carries the deployment's name unless the caller maps it (services: deployment -> service).
  const color = await liveColor(client, request.namespace, request.services?.[name] ?? name);
  return color ? `${name}-${color}` : name;
}

async function getOrUndefined(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<DeploymentView | undefined> {
  try {
    return (await client.json({
      method: 'GET',
      path: objectPath(DEPLOYMENT, namespace, name),
      idempotent: true,
      what: `get deployment ${name}`,
    })) as DeploymentView;
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}
