/** The resources the stand-in serves, described once for routing, discovery and OpenAPI. */
export interface ResourceInfo {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, as in the URL
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  singular: string;
}

const rw = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: ResourceInfo[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    verbs: ['get', 'list', 'watch'],
    shortNames: ['ns'],
    singular: 'namespace',
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    namespaced: true,
    verbs: ['get', 'list', 'watch'],
    shortNames: ['po'],
    singular: 'pod',
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    namespaced: true,
    verbs: ['get', 'list', 'watch'],
    shortNames: ['ev'],
    singular: 'event',
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    namespaced: true,
    verbs: rw,
    shortNames: ['svc'],
    singular: 'service',
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
    verbs: rw,
    shortNames: ['cm'],
    singular: 'configmap',
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    verbs: rw,
    shortNames: ['deploy'],
    singular: 'deployment',
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    verbs: ['get', 'list', 'watch'],
    shortNames: ['rs'],
    singular: 'replicaset',
  },
  {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    resource: 'httproutes',
    kind: 'HTTPRoute',
    namespaced: true,
    verbs: rw,
    singular: 'httproute',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
    singular: 'selfsubjectaccessreview',
  },
];

export function apiVersionOf(info: ResourceInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function findKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** GET /api/v1, /apis/apps/v1, ...: an APIResourceList. */
export function resourceList(group: string, version: string): object {
  const entries = RESOURCES.filter((r) => r.group === group && r.version === version);
  const resources: object[] = [];
  for (const r of entries) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    });
    if (r.resource === 'pods')
      resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    if (r.resource === 'deployments')
      resources.push({
        name: 'deployments/status',
        singularName: '',
        namespaced: true,
        kind: 'Deployment',
        verbs: ['get', 'patch', 'update'],
      });
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources,
  };
}

export function groupList(): object {
  const groups = [...new Set(RESOURCES.filter((r) => r.group !== '').map((r) => r.group))];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((name) => {
      const gv = { groupVersion: `${name}/v1`, version: 'v1' };
      return { name, versions: [gv], preferredVersion: gv };
    }),
  };
}

/**
 * OpenAPI v3 for one group version: only what kubectl reads from it. kubectl 1.32 asks whether
 * the server supports server-side field validation by looking for the `fieldValidation` query
 * parameter on the PATCH operation of the kind it applies.
 */
export function openApiV3(group: string, version: string): object {
  const paths: Record<string, object> = {};
  const fieldValidation = { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } };
  for (const r of RESOURCES.filter((x) => x.group === group && x.version === version)) {
    const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    const path = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}/{name}` : `${base}/${r.resource}/{name}`;
    const gvk = { group, version, kind: r.kind };
    paths[path] = {
      get: { 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk, responses: {} },
      patch: {
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [
          fieldValidation,
          { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
          { name: 'force', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: {},
      },
    };
    if (r.verbs.includes('create')) {
      const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}` : `${base}/${r.resource}`;
      paths[collection] = {
        post: {
          'x-kubernetes-action': 'post',
          'x-kubernetes-group-version-kind': gvk,
          parameters: [fieldValidation],
          responses: {},
        },
      };
    }
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas: {} } };
}

export function openApiV3Index(): object {
  const gvs = [
    ...new Set(RESOURCES.map((r) => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`))),
  ];
  const paths: Record<string, object> = {};
  for (const gv of gvs) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=standin` };
  return { paths };
}
