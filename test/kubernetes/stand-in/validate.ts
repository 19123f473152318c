import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { SelfSubjectAccessReview } from 'kubernetes-models/authorization.k8s.io/v1/SelfSubjectAccessReview';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { httpRouteErrors } from './http-route-schema';
import { isObj, type Obj } from './json';

/**
 * The stand-in checks every request body against the Kubernetes schemas (the kubernetes-models
 * validators, generated from the API's OpenAPI), independently of deploy-kit's own checks, so a
 * body deploy-kit gets wrong is refused here as a cluster would refuse it.
 */
const VALIDATORS: Record<string, (data: Obj) => { validate(): void }> = {
  'apps/v1 Deployment': (data) => new Deployment(data),
  'v1 Service': (data) => new Service(data),
  'v1 ConfigMap': (data) => new ConfigMap(data),
  // A CRD kind: kubernetes-models has no validator, so the stand-in's own JSON Schema (ajv).
  'gateway.networking.k8s.io/v1 HTTPRoute': (data) => ({
    validate: () => {
      const errors = httpRouteErrors(data);
      if (errors.length > 0) throw Object.assign(new Error('invalid HTTPRoute'), { errors });
    },
  }),
  'authorization.k8s.io/v1 SelfSubjectAccessReview': (data) =>
    // The validator is the judge of the shape; the constructor only copies the fields.
    new SelfSubjectAccessReview(data as unknown as ConstructorParameters<typeof SelfSubjectAccessReview>[0]),
};

/** Problems as `field: message` (dotted field path, as the API server words them); empty when valid. */
export function schemaProblems(apiVersion: string, kind: string, body: Obj): string[] {
  const make = VALIDATORS[`${apiVersion} ${kind}`];
  if (!make) return [`kind: Unsupported value: "${kind}" (${apiVersion}) is not served by the stand-in`];
  try {
    make(body).validate();
    return [];
  } catch (error) {
    const errors = isObj(error) && Array.isArray(error.errors) ? error.errors : [];
    const problems: string[] = [];
    for (const entry of errors) {
      if (!isObj(entry)) continue;
      // As the API server words a field: spec.rules[0].backendRefs[0].weight
      const path =
        typeof entry.instancePath === 'string'
          ? entry.instancePath
              .replace(/^\//, '')
              .replaceAll(/\/(\d+)(?=\/|$)/g, '[$1]')
              .replaceAll('/', '.')
          : '';
      problems.push(
        `${path || '<root>'}: Invalid value: ${typeof entry.message === 'string' ? entry.message : 'invalid'}`,
      );
    }
    return problems.length > 0 ? problems : [String(error)];
  }
}
