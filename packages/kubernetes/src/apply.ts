import { FIELD_MANAGER } from './annotations';
import { KubeApiError } from './api-error';
import type { KubeClient } from './client';
import { objectPath } from './kinds';
import type { ManifestObject } from './manifests';

/** Kinds other objects refer to go first; Deployments before what routes to them. */
const ORDER = [
  'ConfigMap',
  'ServiceAccount',
  'Deployment',
  'Service',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Ingress',
  'HTTPRoute',
];

export function applyOrder(objects: ManifestObject[]): ManifestObject[] {
  return [...objects].sort((a, b) => ORDER.indexOf(a.info.kind) - ORDER.indexOf(b.info.kind));
}

/**
 * Server-side apply of one object with field manager `deploy-kit` and strict field validation.
 * `force` decides conflicts with other field managers (see docs/kubernetes.md): off by default, so
 * a field someone else set by hand (`kubectl edit`, `kubectl set image`, an HPA's replicas) is
 * reported as a conflict instead of silently taken over. Apply is idempotent, so it is retried on
 * 429/5xx like a GET.
 */
export async function applyObject(
  client: KubeClient,
  namespace: string,
  manifest: ManifestObject,
  force: boolean,
): Promise<void> {
  const object = structuredClone(manifest.object);
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  metadata.namespace = namespace;
  object.metadata = metadata;
  const what = `apply ${manifest.info.kind} "${manifest.name}" (${manifest.file})`;
  try {
    await client.text({
      method: 'PATCH',
      path: objectPath(manifest.info, namespace, manifest.name),
      query: { fieldManager: FIELD_MANAGER, force: String(force), fieldValidation: 'Strict' },
      contentType: 'application/apply-patch+yaml',
      // JSON is YAML: the body is sent as JSON under the apply-patch+yaml type, as kubectl does.
      body: JSON.stringify(object),
      idempotent: true,
      what,
    });
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 409) {
      const fields = error.causes.length > 0 ? error.causes.join('; ') : error.message;
      throw new KubeApiError(
        409,
        'Conflict',
        `${what}: another field manager owns fields deploy-kit sets (${fields}). Remove them from the other manager, or set force-conflicts: true to let deploy-kit take them over.`,
        error.causes,
      );
    }
    throw error;
  }
}
