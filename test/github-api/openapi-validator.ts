import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  loadGitHubSpec,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiResponse,
} from './spec';

const SPEC_ID = 'https://api.github.com/openapi.json';
const URI_PATTERN = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;

export interface MatchedRequest {
  operation: OpenApiOperation;
  operationId: string;
  /** The path template from the description, e.g. `/repos/{owner}/{repo}/deployments`. */
  template: string;
  params: Record<string, string>;
  /** Query values coerced to the types the description declares. */
  query: Record<string, unknown>;
}

interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

/**
 * Checks requests and responses against GitHub's OpenAPI description. The
 * description is OpenAPI 3.0 (`nullable`, `example`), so schemas are turned
 * into plain JSON Schema first, and every `$ref` points into one registered
 * copy of the description so ajv compiles only what a route actually uses.
 */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly spec: OpenApiDocument;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.spec = loadGitHubSpec();
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, discriminator: false });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
    addFormats(this.ajv);
    for (const loose of ['repo.nwo', 'timestamp', 'uri-template']) this.ajv.addFormat(loose, true);
    // GitHub sends "" for URLs never set (a deployment status without an
    // environment_url) although the description says `format: uri`.
    this.ajv.addFormat('uri', (value: string) => value === '' || URI_PATTERN.test(value));
    this.ajv.addSchema({ $id: SPEC_ID, components: { schemas: toJsonSchema(this.spec.components.schemas) } });
    this.routes = Object.keys(this.spec.paths).map(compileRoute);
  }

  /** Finds the operation for a method and concrete path; undefined when GitHub has none. */
  match(method: string, path: string, search: URLSearchParams): { matched?: MatchedRequest; errors: string[] } {
    const lower = method.toLowerCase();
    const candidates = this.routes
      .map((route) => ({ route, found: route.pattern.exec(path) }))
      .filter((c) => c.found && this.spec.paths[c.route.template]?.[lower])
      .sort((a, b) => b.route.literalSegments - a.route.literalSegments);
    const best = candidates[0];
    if (!best?.found) return { errors: [`${method} ${path}: no such operation in GitHub's REST API`] };
    const operation = this.spec.paths[best.route.template]?.[lower] as OpenApiOperation;
    const params: Record<string, string> = {};
    best.route.names.forEach((name, i) => (params[name] = decodeURIComponent(best.found?.[i + 1] ?? '')));
    const errors: string[] = [];
    const query: Record<string, unknown> = {};
    const declared = this.parameters(operation);
    for (const parameter of declared) {
      if (parameter.in === 'path') {
        this.check(
          parameter.schema,
          coerce(params[parameter.name] ?? '', parameter.schema),
          `path parameter ${parameter.name}`,
          errors,
        );
      }
      if (parameter.in !== 'query') continue;
      const raw = search.get(parameter.name);
      if (raw === null) {
        if (parameter.required) errors.push(`query parameter ${parameter.name} is required`);
        continue;
      }
      query[parameter.name] = coerce(raw, parameter.schema);
      this.check(parameter.schema, query[parameter.name], `query parameter ${parameter.name}`, errors);
    }
    for (const name of search.keys()) {
      if (!declared.some((p) => p.in === 'query' && p.name === name))
        errors.push(`query parameter ${name} is not accepted`);
    }
    const template = best.route.template;
    return {
      matched: { operation, operationId: operation.operationId, template, params, query },
      errors: errors.map((e) => `${method} ${template}: ${e}`),
    };
  }

  /** Checks a parsed JSON body (undefined when there was none). */
  validateRequestBody(matched: MatchedRequest, method: string, body: unknown): string[] {
    const declared = matched.operation.requestBody;
    const where = `${method} ${matched.template}: request body`;
    if (!declared) return body === undefined ? [] : [`${where} is not accepted`];
    if (body === undefined) return declared.required ? [`${where} is required`] : [];
    const schema = declared.content?.['application/json']?.schema;
    const errors: string[] = [];
    if (schema) this.check(schema, body, 'request body', errors);
    return errors.map((e) => `${method} ${matched.template}: ${e}`);
  }

  /** Checks a response the fake is about to send. */
  validateResponse(matched: MatchedRequest, method: string, status: number, body: unknown): string[] {
    const where = `${method} ${matched.template} -> ${status}`;
    const declared = this.response(matched.operation, status);
    const errors: string[] = [];
    if (!declared) {
      // The description leaves out many error answers GitHub really gives
      // (a 404 for a missing environment); those still have GitHub's error shape.
      if (status >= 400)
        this.check({ $ref: `${SPEC_ID}#/components/schemas/basic-error` }, body, 'error body', errors, true);
      else errors.push('status is not declared for this operation');
    } else {
      const schema = declared.content?.['application/json']?.schema;
      if (schema) this.check(schema, body, 'response body', errors);
      else if (body !== undefined && status !== 204)
        errors.push('response has a body the description does not declare');
    }
    return errors.map((e) => `${where}: ${e}`);
  }

  private response(operation: OpenApiOperation, status: number): OpenApiResponse | undefined {
    const found = operation.responses[String(status)] ?? operation.responses.default;
    return found ? this.resolve<OpenApiResponse>(found) : undefined;
  }

  private parameters(operation: OpenApiOperation): OpenApiParameter[] {
    return (operation.parameters ?? []).map((p) => this.resolve<OpenApiParameter>(p));
  }

  private resolve<T>(item: T | { $ref: string }): T {
    if (item && typeof item === 'object' && '$ref' in item) {
      const [, , kind, name] = item.$ref.split('/');
      const components = this.spec.components as unknown as Record<string, Record<string, T>>;
      const target = components[kind as string]?.[name as string];
      if (!target) throw new Error(`Unresolvable reference ${item.$ref}`);
      return target;
    }
    return item as T;
  }

  private check(schema: unknown, value: unknown, what: string, errors: string[], alreadyConverted = false): void {
    if (schema === undefined) return;
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(alreadyConverted ? (schema as object) : (toJsonSchema(schema) as object));
      this.compiled.set(key, validate);
    }
    if (!validate(value)) {
      const details = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
      errors.push(`${what} does not match the description: ${details.join('; ')}`);
    }
  }
}

function compileRoute(template: string): Route {
  const names: string[] = [];
  const segments = template.split('/');
  const source = segments
    .map((segment) =>
      segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name: string | undefined) => {
        if (name) {
          names.push(name);
          return '([^/]+)';
        }
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      }),
    )
    .join('/');
  return {
    template,
    pattern: new RegExp(`^${source}$`),
    names,
    literalSegments: segments.filter((s) => s && !s.includes('{')).length,
  };
}

function coerce(raw: string, schema: unknown): unknown {
  const type = (schema as { type?: string } | undefined)?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * OpenAPI 3.0 schema -> JSON Schema: `nullable: true` becomes a `null` type
 * (or an anyOf with null when there is no `type`), and local references point
 * into the registered copy of the description.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = `${SPEC_ID}${value}`;
    else out[key] = toJsonSchema(value);
  }
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}
