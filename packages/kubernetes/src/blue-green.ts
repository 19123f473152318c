import { KubeApiError } from './api-error';
import type { KubeClient } from './client';
import { objectPath, SERVICE } from './kinds';
import type { ManifestObject } from './manifests';
import { COLOR_LABEL, otherColor, type Color } from './strategy';

function labelsOf(object: Record<string, unknown>): Record<string, string> {
  const template = (object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)
    ?.template;
  return template?.metadata?.labels ?? {};
}

/** The Service of the manifests whose selector picks this Deployment's pods. */
export function serviceFor(objects: ManifestObject[], deployment: ManifestObject): ManifestObject | undefined {
  const labels = labelsOf(deployment.object);
  return objects.find((o) => {
    if (o.info.kind !== 'Service') return false;
    const selector = (o.object.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
    const keys = Object.keys(selector).filter((k) => k !== COLOR_LABEL);
    return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
  });
}

/** The colour the live Service selects now, or undefined before the first blue-green release. */
export async function liveColor(client: KubeClient, namespace: string, service: string): Promise<Color | undefined> {
  try {
    const live = (await client.json({
      method: 'GET',
      path: objectPath(SERVICE, namespace, service),
      idempotent: true,
      what: `get service ${service}`,
    })) as {
      spec?: { selector?: Record<string, string> };
    };
    const color = live.spec?.selector?.[COLOR_LABEL];
    return color === 'blue' || color === 'green' ? color : undefined;
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** The manifest's Deployment as `<name>-<colour>`, its selector and pod labels carrying the colour. */
export function coloredDeployment(deployment: ManifestObject, color: Color): ManifestObject {
  const object = structuredClone(deployment.object);
  const name = `${deployment.name}-${color}`;
  (object.metadata as Record<string, unknown>).name = name;
  const spec = object.spec as {
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> } };
  };
  spec.selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [COLOR_LABEL]: color } };
  const template = spec.template ?? {};
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [COLOR_LABEL]: color } };
  spec.template = template;
  return { ...deployment, name, object };
}

/** The manifest's Service selecting only `color`. */
export function switchedService(service: ManifestObject, color: Color): ManifestObject {
  const object = structuredClone(service.object);
  const spec = object.spec as { selector?: Record<string, string> };
  spec.selector = { ...spec.selector, [COLOR_LABEL]: color };
  return { ...service, object };
}

export { otherColor };
