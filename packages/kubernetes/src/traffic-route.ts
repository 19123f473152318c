import { isServiceRef } from './http-route';
import type { ManifestObject } from './manifests';
import { canaryName, TRACK_LABEL } from './strategy';

/** The label the Deployment controller puts on every pod of a ReplicaSet (its template's hash). */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

interface BackendRef extends Record<string, unknown> {
  name?: string;
  namespace?: string;
  weight?: number;
}

/** Whether a backendRef of the route points at the Service `service` in the route's own namespace. */
export function refersTo(route: ManifestObject, service: string): boolean {
  return backendRefs(route).some((ref) => isServiceRef(ref) && ref.name === service && ref.namespace === undefined);
}

function backendRefs(route: ManifestObject): BackendRef[] {
  const rules = (route.object.spec as { rules?: { backendRefs?: BackendRef[] }[] } | undefined)?.rules ?? [];
  return rules.flatMap((rule) => rule.backendRefs ?? []);
}

/**
 * The route as in the manifests, with every backendRef to one of `services` split in two: the
 * stable Service at weight 100 - `weight`, and `<service>-canary` (same port and filters) at
 * `weight`. Gateway API weights are proportional within a rule, so 90 and 10 are 90 % and 10 %.
 * The whole route is applied by deploy-kit as every manifest is, so it owns these fields and no
 * other manager's (the gateway controller writes only the status).
 */
export function weightedRoute(route: ManifestObject, services: string[], weight: number): ManifestObject {
  const object = structuredClone(route.object);
  const spec = object.spec as { rules?: { backendRefs?: BackendRef[] }[] } | undefined;
  for (const rule of spec?.rules ?? []) {
    if (!rule.backendRefs) continue;
    rule.backendRefs = rule.backendRefs.flatMap((ref) =>
      isServiceRef(ref) && ref.namespace === undefined && services.includes(ref.name ?? '')
        ? [
            { ...ref, weight: 100 - weight },
            { ...ref, name: canaryName(ref.name ?? ''), weight },
          ]
        : [ref],
    );
  }
  return { ...route, object };
}

/**
 * `<service>-canary`: the manifest's Service selecting only the canary's pods (its selector plus
 * `deploy-kit.dev/track: canary`), a ClusterIP with the same ports, so the route can weigh it.
 */
export function canaryService(service: ManifestObject): ManifestObject {
  const source = service.object as {
    metadata?: { labels?: Record<string, string> };
    spec?: { selector?: Record<string, string>; ports?: Record<string, unknown>[] };
  };
  const name = canaryName(service.name);
  const ports = (source.spec?.ports ?? []).map((port) => {
    const copy = { ...port };
    delete copy.nodePort; // node ports are unique per cluster: the canary's would collide with the stable's
    return copy;
  });
  const object = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(source.metadata?.labels ? { labels: source.metadata.labels } : {}) },
    spec: { type: 'ClusterIP', selector: { ...source.spec?.selector, [TRACK_LABEL]: 'canary' }, ports },
  };
  return { ...service, name, object };
}

/**
 * The manifest's Service pinned to the stable ReplicaSet's pods (`pod-template-hash`, which the
 * canary's pods never carry), so the stable side of the route reaches only the stable release,
 * as Argo Rollouts pins its stable Service.
 */
export function pinnedService(service: ManifestObject, hash: string): ManifestObject {
  const object = structuredClone(service.object);
  const spec = (object.spec ?? {}) as { selector?: Record<string, string> };
  spec.selector = { ...spec.selector, [POD_TEMPLATE_HASH]: hash };
  object.spec = spec;
  return { ...service, object };
}
