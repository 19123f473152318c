import { unknownFields } from './unknown-fields';

/**
 * A structural check of a Gateway API `gateway.networking.k8s.io/v1 HTTPRoute`. kubernetes-models
 * has no Gateway API validators (they are CRDs, not built-in kinds), so this checks what deploy-kit
 * reads and writes, by the Gateway API v1 spec: the field names at every level deploy-kit touches
 * (strict field validation would refuse an unknown one), the lists' limits (16 rules, 16
 * backendRefs per rule, 32 parentRefs, 16 hostnames), each backendRef's name, port (1-65535,
 * required for a Service) and weight (0-1000000). Inside `matches`, `filters`, `timeouts`,
 * `retry` and `sessionPersistence` it checks only that they are lists or mappings: the cluster's
 * CRD schema judges the rest when the route is applied.
 */
export function httpRouteProblems(route: Record<string, unknown>): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const at = (path: string, message: string): void => {
    problems.push({ instancePath: path, message });
  };
  for (const key of Object.keys(route))
    if (!TOP.includes(key)) at(`/${key}`, 'unknown field (not in gateway.networking.k8s.io/v1 HTTPRoute)');
  const metadata = route.metadata;
  if (!isRecord(metadata)) at('/metadata', 'must be object');
  else
    for (const field of unknownFields(metadata, 'V1ObjectMeta'))
      at(`/metadata/${field.replaceAll('.', '/')}`, 'unknown field (not in ObjectMeta)');
  const spec = route.spec;
  if (spec === undefined) return problems;
  if (!isRecord(spec)) {
    at('/spec', 'must be object');
    return problems;
  }
  unknownKeys(spec, SPEC, '/spec', at);
  list(spec.parentRefs, '/spec/parentRefs', 32, at, (ref, path) => {
    unknownKeys(ref, PARENT_REF, path, at);
    name(ref.name, `${path}/name`, at);
    if (ref.port !== undefined) integer(ref.port, `${path}/port`, 1, 65535, at);
  });
  list(spec.hostnames, '/spec/hostnames', 16, at, undefined, (value, path) => {
    if (typeof value !== 'string' || value === '') at(path, 'must be a non-empty string');
  });
  list(spec.rules, '/spec/rules', 16, at, (rule, path) => {
    unknownKeys(rule, RULE, path, at);
    for (const key of ['matches', 'filters'])
      if (rule[key] !== undefined && !Array.isArray(rule[key])) at(`${path}/${key}`, 'must be array');
    for (const key of ['timeouts', 'retry', 'sessionPersistence'])
      if (rule[key] !== undefined && !isRecord(rule[key])) at(`${path}/${key}`, 'must be object');
    list(rule.backendRefs, `${path}/backendRefs`, 16, at, (ref, refPath) => {
      unknownKeys(ref, BACKEND_REF, refPath, at);
      name(ref.name, `${refPath}/name`, at);
      if (ref.port !== undefined) integer(ref.port, `${refPath}/port`, 1, 65535, at);
      else if (isServiceRef(ref)) at(`${refPath}/port`, 'is required when the backend is a Service');
      if (ref.weight !== undefined) integer(ref.weight, `${refPath}/weight`, 0, 1_000_000, at);
      if (ref.filters !== undefined && !Array.isArray(ref.filters)) at(`${refPath}/filters`, 'must be array');
    });
  });
  return problems;
}

/** One problem, shaped as the kubernetes-models validators report theirs (a JSON pointer and a message). */
export interface RouteProblem {
  instancePath: string;
  message: string;
}

/** Thrown by the HTTPRoute kind's `validate`, carrying `errors` as the kubernetes-models validators do. */
export class HttpRouteInvalid extends Error {
  constructor(readonly errors: RouteProblem[]) {
    super(errors.map((e) => `${e.instancePath}: ${e.message}`).join('; '));
  }
}

export function validateHttpRoute(route: Record<string, unknown>): void {
  const problems = httpRouteProblems(route);
  if (problems.length > 0) throw new HttpRouteInvalid(problems);
}

/** A backendRef to a core Service (the default group and kind). */
export function isServiceRef(ref: Record<string, unknown>): boolean {
  return (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';
}

const TOP = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC = ['parentRefs', 'hostnames', 'rules'];
const PARENT_REF = ['group', 'kind', 'namespace', 'name', 'sectionName', 'port'];
const RULE = ['name', 'matches', 'filters', 'backendRefs', 'timeouts', 'retry', 'sessionPersistence'];
const BACKEND_REF = ['group', 'kind', 'name', 'namespace', 'port', 'weight', 'filters'];

type At = (path: string, message: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, known: string[], path: string, at: At): void {
  for (const key of Object.keys(value))
    if (!known.includes(key)) at(`${path}/${key}`, 'unknown field (not in gateway.networking.k8s.io/v1 HTTPRoute)');
}

function list(
  value: unknown,
  path: string,
  max: number,
  at: At,
  each?: (item: Record<string, unknown>, path: string) => void,
  eachValue?: (item: unknown, path: string) => void,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    at(path, 'must be array');
    return;
  }
  if (value.length > max) at(path, `must NOT have more than ${max} items`);
  value.forEach((item: unknown, index) => {
    const itemPath = `${path}/${index}`;
    if (eachValue) return eachValue(item, itemPath);
    if (!isRecord(item)) return at(itemPath, 'must be object');
    each?.(item, itemPath);
  });
}

function name(value: unknown, path: string, at: At): void {
  if (value === undefined) at(path.replace(/\/name$/, ''), "must have required property 'name'");
  else if (typeof value !== 'string' || value.length < 1 || value.length > 253)
    at(path, 'must be a string of 1 to 253 characters');
}

function integer(value: unknown, path: string, min: number, max: number, at: At): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) at(path, 'must be integer');
  else if (value < min || value > max) at(path, `must be between ${min} and ${max}`);
}
