import { describe, expect, test } from '@jest/globals';
import {
  canaryService,
  httpRouteProblems,
  KINDS,
  pinnedService,
  weightedRoute,
  type ManifestObject,
} from '@deploy-kit/kubernetes';

/** What deploy-kit writes into a route and its Services for a traffic canary, object by object. */
const route = (spec: Record<string, unknown>): ManifestObject => ({
  file: 'route.yaml',
  document: 1,
  info: KINDS.find((k) => k.kind === 'HTTPRoute') as ManifestObject['info'],
  name: 'shop',
  object: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'shop' }, spec },
});

const service: ManifestObject = {
  file: 'app.yaml',
  document: 2,
  info: KINDS.find((k) => k.kind === 'Service') as ManifestObject['info'],
  name: 'api',
  object: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', labels: { team: 'shop' } },
    spec: { type: 'NodePort', selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] },
  },
};

describe('the route split per weight', () => {
  test('only backendRefs to the workload Services in the route namespace are split; everything else is left as written', () => {
    const original = route({
      parentRefs: [{ name: 'gw' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
          backendRefs: [{ name: 'api', port: 80, filters: [{ type: 'RequestHeaderModifier' }] }],
        },
        { backendRefs: [{ name: 'static', port: 80 }] },
        { backendRefs: [{ name: 'api', namespace: 'other', port: 80 }] },
        { matches: [{ path: { type: 'Exact', value: '/health' } }] },
      ],
    });
    const split = weightedRoute(original, ['api'], 10).object.spec as { rules: unknown[] };
    expect(split.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: [
          { name: 'api', port: 80, filters: [{ type: 'RequestHeaderModifier' }], weight: 90 },
          { name: 'api-canary', port: 80, filters: [{ type: 'RequestHeaderModifier' }], weight: 10 },
        ],
      },
      { backendRefs: [{ name: 'static', port: 80 }] },
      { backendRefs: [{ name: 'api', namespace: 'other', port: 80 }] },
      { matches: [{ path: { type: 'Exact', value: '/health' } }] },
    ]);
    // The manifest itself is not changed: the plain route is applied again at the end.
    expect((original.object.spec as { rules: { backendRefs?: unknown[] }[] }).rules[0]?.backendRefs).toHaveLength(1);
    expect(httpRouteProblems(weightedRoute(original, ['api'], 100).object)).toEqual([]);
  });

  test('the canary Service selects only canary pods, on a ClusterIP without the node port; the stable one is pinned', () => {
    expect(canaryService(service).object).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api-canary', labels: { team: 'shop' } },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'api', 'deploy-kit.dev/track': 'canary' },
        ports: [{ port: 80, targetPort: 8080 }],
      },
    });
    expect((pinnedService(service, '5d8f7c9b6a').object.spec as { selector: unknown }).selector).toEqual({
      app: 'api',
      'pod-template-hash': '5d8f7c9b6a',
    });
  });
});

describe('the HTTPRoute structural check (kubernetes-models has no Gateway API validator)', () => {
  test('reports every problem with its field: limits, required names and ports, weights, unknown fields', () => {
    const problems = httpRouteProblems(
      route({
        parentRefs: [{ sectionName: 'https' }],
        hostnames: [''],
        rules: [
          ...Array.from({ length: 16 }, () => ({ backendRefs: [{ name: 'api', port: 80 }] })),
          { backendRefs: [{ name: 'api' }, { name: 'web', port: 0, weight: 1.5 }, { kind: 'Bucket', name: 'b' }] },
        ],
        tls: {},
      }).object,
    );
    expect(problems).toEqual([
      { instancePath: '/spec/tls', message: 'unknown field (not in gateway.networking.k8s.io/v1 HTTPRoute)' },
      { instancePath: '/spec/parentRefs/0', message: "must have required property 'name'" },
      { instancePath: '/spec/hostnames/0', message: 'must be a non-empty string' },
      { instancePath: '/spec/rules', message: 'must NOT have more than 16 items' },
      { instancePath: '/spec/rules/16/backendRefs/0/port', message: 'is required when the backend is a Service' },
      { instancePath: '/spec/rules/16/backendRefs/1/port', message: 'must be between 1 and 65535' },
      { instancePath: '/spec/rules/16/backendRefs/1/weight', message: 'must be integer' },
    ]);
  });
});
