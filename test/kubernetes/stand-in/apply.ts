import { parse as parseYaml } from 'yaml';
import { child, clone, isObj, stringAt, type Obj } from './json';
import { withHttpRouteDefaults } from './http-route-schema';
import { apiVersionOf, type ResourceInfo } from './resources';
import type { ApiStatus } from './status';
import { schemaProblems } from './validate';

export type ApplyResult = { kind: 'ok'; object: Obj; created: boolean } | { kind: 'error'; status: ApiStatus };

/** Fills the defaults the API server fills, so generation and diffs behave like a cluster's. */
function withDefaults(info: ResourceInfo, object: Obj): void {
  const spec = child(object, 'spec');
  if (info.kind === 'Deployment') {
    spec.replicas ??= 1;
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  }
  if (info.kind === 'Service') spec.type ??= 'ClusterIP';
  if (info.kind === 'HTTPRoute') withHttpRouteDefaults(object);
}

/**
 * Server-side apply, simplified: the applied configuration's spec replaces the stored one, labels
 * and annotations merge, generation moves when the spec changes, and the field manager is recorded
 * in managedFields. Conflicts between managers are scripted per scenario (a 409 fault), not derived.
 */
export function serverSideApply(args: {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  rawBody: string;
  fieldManager: string | null;
  existing: Obj | undefined;
}): ApplyResult {
  const { info, namespace, name, existing } = args;
  const label = `${info.kind}${info.group ? `.${info.group}` : ''} "${name}"`;
  if (!args.fieldManager) {
    return {
      kind: 'error',
      status: {
        code: 422,
        reason: 'Invalid',
        message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      },
    };
  }
  let body: unknown;
  try {
    body = parseYaml(args.rawBody);
  } catch (error) {
    return {
      kind: 'error',
      status: { code: 400, reason: 'BadRequest', message: `error decoding YAML: ${String(error)}` },
    };
  }
  if (!isObj(body))
    return { kind: 'error', status: { code: 400, reason: 'BadRequest', message: 'the body is not an object' } };
  if (body.apiVersion !== apiVersionOf(info) || body.kind !== info.kind) {
    return {
      kind: 'error',
      status: {
        code: 400,
        reason: 'BadRequest',
        message: `the body's apiVersion/kind (${String(body.apiVersion)}/${String(body.kind)}) does not match the URL's ${apiVersionOf(info)}/${info.kind}`,
      },
    };
  }
  const bodyName = stringAt(body, 'metadata', 'name');
  if (bodyName !== name) {
    return {
      kind: 'error',
      status: {
        code: 400,
        reason: 'BadRequest',
        message: `the name of the object (${String(bodyName)}) does not match the name on the URL (${name})`,
      },
    };
  }
  const bodyNamespace = stringAt(body, 'metadata', 'namespace');
  if (bodyNamespace !== undefined && bodyNamespace !== namespace) {
    return {
      kind: 'error',
      status: {
        code: 400,
        reason: 'BadRequest',
        message: 'the namespace of the provided object does not match the namespace sent on the request',
      },
    };
  }
  const problems = schemaProblems(apiVersionOf(info), info.kind, body);
  if (problems.length > 0) {
    return {
      kind: 'error',
      status: {
        code: 422,
        reason: 'Invalid',
        message: `${label} is invalid: ${problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`}`,
        details: {
          name,
          group: info.group,
          kind: info.kind,
          causes: problems.map((p) => ({ reason: 'FieldValueInvalid', message: p, field: p.split(':')[0] })),
        },
      },
    };
  }
  const applied = clone(body);
  withDefaults(info, applied);
  const object: Obj = existing
    ? clone(existing)
    : { apiVersion: body.apiVersion, kind: body.kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
  const metadata = child(object, 'metadata');
  const appliedMeta = child(applied, 'metadata');
  for (const key of ['labels', 'annotations'] as const) {
    const merged = {
      ...(isObj(metadata[key]) ? metadata[key] : {}),
      ...(isObj(appliedMeta[key]) ? appliedMeta[key] : {}),
    };
    if (Object.keys(merged).length > 0) metadata[key] = merged;
  }
  const specChanged = JSON.stringify(object.spec) !== JSON.stringify(applied.spec);
  for (const [key, value] of Object.entries(applied)) {
    if (key !== 'metadata' && key !== 'status') object[key] = value;
  }
  if (info.kind === 'Deployment') {
    const generation = typeof metadata.generation === 'number' ? metadata.generation : 0;
    metadata.generation = specChanged || !existing ? generation + 1 : generation;
  }
  const managers = Array.isArray(metadata.managedFields)
    ? metadata.managedFields.filter((m) => stringAt(m, 'manager') !== args.fieldManager)
    : [];
  managers.push({
    manager: args.fieldManager,
    operation: 'Apply',
    apiVersion: body.apiVersion,
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  });
  metadata.managedFields = managers;
  return { kind: 'ok', object, created: !existing };
}
