import { Ajv } from 'ajv';
import type { Obj } from './json';

/**
 * The Gateway API `gateway.networking.k8s.io/v1 HTTPRoute` as a JSON Schema, for the stand-in to
 * judge HTTPRoute bodies the way a cluster with the Gateway API CRDs installed does. Written for
 * the stand-in from the Gateway API v1 specification (the standard channel's fields and limits),
 * independently of deploy-kit's own structural check (packages/kubernetes/src/http-route.ts), so
 * the two cannot share a mistake. Unknown fields are refused at every level it describes (the
 * API server prunes or, under strict field validation, refuses them); below matches and filters
 * it describes the shapes only as far as deploy-kit's tests use them.
 */
const name = { type: 'string', minLength: 1, maxLength: 253 };
const port = { type: 'integer', minimum: 1, maximum: 65535 };

const backendRef = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    group: { type: 'string', maxLength: 253 },
    kind: { type: 'string', minLength: 1, maxLength: 63 },
    name,
    namespace: { type: 'string', minLength: 1, maxLength: 63 },
    port,
    weight: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    filters: { type: 'array', maxItems: 16, items: { type: 'object' } },
  },
  // The CRD's CEL rule: "Must have port for Service reference".
  if: {
    properties: { group: { const: '' }, kind: { const: 'Service' } },
  },
  then: { required: ['port'] },
};

const match = {
  type: 'object',
  additionalProperties: false,
  properties: {
    path: {
      type: 'object',
      additionalProperties: false,
      properties: {
        type: { enum: ['Exact', 'PathPrefix', 'RegularExpression'] },
        value: { type: 'string', maxLength: 1024 },
      },
    },
    headers: { type: 'array', maxItems: 16, items: { type: 'object' } },
    queryParams: { type: 'array', maxItems: 16, items: { type: 'object' } },
    method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] },
  },
};

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'gateway.networking.k8s.io/v1' },
    kind: { const: 'HTTPRoute' },
    metadata: { type: 'object', required: ['name'], properties: { name, namespace: { type: 'string' } } },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        parentRefs: {
          type: 'array',
          maxItems: 32,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              group: { type: 'string' },
              kind: { type: 'string' },
              namespace: { type: 'string' },
              name,
              sectionName: { type: 'string' },
              port,
            },
          },
        },
        hostnames: { type: 'array', maxItems: 16, items: { type: 'string', minLength: 1, maxLength: 253 } },
        rules: {
          type: 'array',
          maxItems: 16,
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: { type: 'string' },
              matches: { type: 'array', maxItems: 64, items: match },
              filters: { type: 'array', maxItems: 16, items: { type: 'object' } },
              backendRefs: { type: 'array', maxItems: 16, items: backendRef },
              timeouts: { type: 'object' },
              retry: { type: 'object' },
              sessionPersistence: { type: 'object' },
            },
          },
        },
      },
    },
    status: { type: 'object' },
  },
};

/** Fills the defaults the CRD's schema fills (group "", kind Service, weight 1), as the API server does before validating. */
export function withHttpRouteDefaults(route: Obj): void {
  const spec = route.spec as { rules?: { backendRefs?: Obj[] }[] } | undefined;
  for (const rule of spec?.rules ?? [])
    for (const ref of rule.backendRefs ?? []) {
      ref.group ??= '';
      ref.kind ??= 'Service';
      ref.weight ??= 1;
    }
}

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Problems as ajv reports them (instancePath, message); empty when the route is valid. */
export function httpRouteErrors(route: Obj): { instancePath: string; message: string }[] {
  const copy = structuredClone(route);
  withHttpRouteDefaults(copy);
  if (validate(copy)) return [];
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => ({
      instancePath: e.instancePath,
      message:
        e.keyword === 'additionalProperties'
          ? `unknown field "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"`
          : (e.message ?? 'invalid'),
    }));
}
