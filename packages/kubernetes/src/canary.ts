import { applyObject } from './apply';
import type { KubeClient } from './client';
import { KubeApiError } from './api-error';
import { DEPLOYMENT, objectPath } from './kinds';
import type { ManifestObject } from './manifests';
import { canaryName, TRACK_LABEL } from './strategy';

/**
 * The canary's share of the replicas for a step: round(stable × weight / 100), at least one (a
 * canary of no pods could not be analysed).
 */
export function canaryReplicas(stableReplicas: number, weightPercent: number): number {
  return Math.max(1, Math.round((stableReplicas * weightPercent) / 100));
}

/**
 * The manifest's Deployment as `<name>-canary` with `replicas`: its selector and pods carry the
 * workload's labels plus `deploy-kit.dev/track: canary`.
 */
export function canaryDeployment(deployment: ManifestObject, replicas: number): ManifestObject {
  const object = structuredClone(deployment.object);
  const name = canaryName(deployment.name);
  (object.metadata as Record<string, unknown>).name = name;
  const spec = object.spec as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> } };
  };
  spec.replicas = replicas;
  spec.selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [TRACK_LABEL]: 'canary' } };
  const template = spec.template ?? {};
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [TRACK_LABEL]: 'canary' } };
  spec.template = template;
  return { ...deployment, name, object };
}

/** Scales the Deployment `name` to zero by applying its own fields with replicas 0; false when it does not exist. */
export async function scaleToZero(client: KubeClient, namespace: string, name: string): Promise<boolean> {
  let live: Record<string, unknown>;
  try {
    live = (await client.json({
      method: 'GET',
      path: objectPath(DEPLOYMENT, namespace, name),
      idempotent: true,
      what: `get deployment ${name}`,
    })) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return false;
    throw error;
  }
  // The same fields deploy-kit applied, with replicas 0: its own apply, so no conflict with itself.
  const { metadata, spec } = live as {
    metadata?: { name?: string; labels?: unknown; annotations?: unknown };
    spec?: Record<string, unknown>;
  };
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      ...(metadata?.labels ? { labels: metadata.labels } : {}),
      ...(metadata?.annotations ? { annotations: metadata.annotations } : {}),
    },
    spec: { ...spec, replicas: 0 },
  };
  await applyObject(client, namespace, { file: '(canary)', document: 1, info: DEPLOYMENT, name, object }, false);
  return true;
}
