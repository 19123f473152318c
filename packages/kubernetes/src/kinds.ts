import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { validateHttpRoute } from './http-route';

/** What deploy-kit needs to know about a kind it applies: where it lives in the API, and its schema. */
export interface KindInfo {
  apiVersion: string;
  kind: string;
  group: string;
  /** Plural, as in URLs and RBAC rules. */
  resource: string;
  /** The official client's model name, for strict field checks (`V1Deployment`). */
  model: string;
  validate(data: Record<string, unknown>): void;
}

// The validators judge the shape; the constructors only copy fields, hence the casts of unknown data.
function kind(
  apiVersion: string,
  name: string,
  resource: string,
  make: (data: Record<string, unknown>) => { validate(): void },
): KindInfo {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  const version = apiVersion.split('/').at(-1) ?? 'v1';
  const model = `${version.charAt(0).toUpperCase()}${version.slice(1)}${name}`;
  return { apiVersion, kind: name, group, resource, model, validate: (data) => make(data).validate() };
}

/**
 * The namespaced kinds a manifests folder may hold. A closed list, so every object is checked
 * against its schema before anything is sent, and the Role in docs/kubernetes.md stays small.
 */
export const KINDS: KindInfo[] = [
  kind('apps/v1', 'Deployment', 'deployments', (d) => new Deployment(d)),
  kind('v1', 'Service', 'services', (d) => new Service(d)),
  kind('v1', 'ConfigMap', 'configmaps', (d) => new ConfigMap(d)),
  kind('v1', 'ServiceAccount', 'serviceaccounts', (d) => new ServiceAccount(d)),
  kind('networking.k8s.io/v1', 'Ingress', 'ingresses', (d) => new Ingress(d)),
  kind(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    (d) => new HorizontalPodAutoscaler(d as ConstructorParameters<typeof HorizontalPodAutoscaler>[0]),
  ),
  kind('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', (d) => new PodDisruptionBudget(d)),
  // A Gateway API CRD: kubernetes-models has no validator for it, so a structural check of our own
  // (http-route.ts), which also finds unknown fields (the official client has no model for it).
  kind('gateway.networking.k8s.io/v1', 'HTTPRoute', 'httproutes', (d) => ({ validate: () => validateHttpRoute(d) })),
];

export function kindOf(apiVersion: unknown, name: unknown): KindInfo | undefined {
  return KINDS.find((k) => k.apiVersion === apiVersion && k.kind === name);
}

export const DEPLOYMENT: KindInfo = KINDS[0] as KindInfo;
export const SERVICE: KindInfo = KINDS[1] as KindInfo;
export const HTTP_ROUTE: KindInfo = KINDS.find((k) => k.kind === 'HTTPRoute') as KindInfo;

/** `/apis/apps/v1/namespaces/NS/deployments/NAME` */
export function objectPath(info: KindInfo, namespace: string, name: string): string {
  const base = info.group === '' ? `/api/${info.apiVersion}` : `/apis/${info.apiVersion}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${info.resource}/${encodeURIComponent(name)}`;
}
