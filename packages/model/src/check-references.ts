import { imageProblem, serviceImage } from './image';
import {
  defaultImageVariable,
  ENVIRONMENT_NAME,
  ENVIRONMENT_NAME_RULE,
  quoted,
  SERVICE_NAME,
  SERVICE_NAME_RULE,
} from './names';
import type { Finding } from './parse-config';
import { didYouMean } from './suggest';

/**
 * What the schema cannot see: the names the user chose, the references between services and
 * environments, and settings two services may not share. Works on the raw data, so these are
 * reported together with the schema's findings even when other parts of the file are wrong.
 */
export function checkReferences(data: unknown, repository: string): Finding[] {
  const services = entries(field(data, 'services'));
  const environments = entries(field(data, 'environments'));
  const serviceNames = services.map(([name]) => name);
  return [
    ...services.flatMap(([name]) => nameFinding(['services', name], name, SERVICE_NAME, 63, SERVICE_NAME_RULE)),
    ...environments.flatMap(([name]) =>
      nameFinding(['environments', name], name, ENVIRONMENT_NAME, 255, ENVIRONMENT_NAME_RULE),
    ),
    ...sameEnvironment(environments.map(([name]) => name)),
    ...environments.flatMap(([name, environment]) =>
      entries(field(environment, 'health'))
        .filter(([service]) => !serviceNames.includes(service))
        .map(([service]) => ({
          path: ['environments', name, 'health', service],
          message: `no service named ${quoted(service)}${didYouMean(service, serviceNames) || `; services: ${serviceNames.join(', ')}`}`,
        })),
    ),
    ...environments.flatMap(([name, environment]) =>
      entries(field(field(environment, 'target'), 'workloads'))
        .filter(([service]) => !serviceNames.includes(service))
        .map(([service]) => ({
          path: ['environments', name, 'target', 'workloads', service],
          message: `no service named ${quoted(service)}${didYouMean(service, serviceNames) || `; services: ${serviceNames.join(', ')}`}`,
        })),
    ),
    ...services.flatMap(([name, service]) => imageFindings(name, service, repository)),
    ...shared(services, 'image', (name, service) => {
      const image = field(service, 'image');
      return typeof image === 'string' ? image : SERVICE_NAME.test(name) ? serviceImage(name, repository) : undefined;
    }),
    ...shared(services, 'compose-service', (name, service) => stringOr(field(service, 'compose-service'), name)),
    ...shared(services, 'image-variable', (name, service) =>
      stringOr(field(service, 'image-variable'), defaultImageVariable(name)),
    ),
  ];
}

function nameFinding(path: string[], name: string, pattern: RegExp, max: number, rule: string): Finding[] {
  if (pattern.test(name) && name.length <= max) return [];
  return [{ path, message: `name ${quoted(name)} is not valid: expected ${rule} (at most ${max} characters)` }];
}

/** GitHub environment names are case-insensitive: `Staging` and `staging` are one environment. */
function sameEnvironment(names: string[]): Finding[] {
  return names.flatMap((name, index) => {
    const first = names.findIndex((other) => other.toLowerCase() === name.toLowerCase());
    return first < index
      ? [
          {
            path: ['environments', name],
            message: `same GitHub environment as ${quoted(names[first] as string)} (names are case-insensitive)`,
          },
        ]
      : [];
  });
}

function imageFindings(name: string, service: unknown, repository: string): Finding[] {
  const image = field(service, 'image');
  if (typeof image === 'string') {
    const problem = imageProblem(image);
    return problem ? [{ path: ['services', name, 'image'], message: problem }] : [];
  }
  if (!SERVICE_NAME.test(name)) return []; // the name itself is reported
  const fallback = serviceImage(name, repository);
  const problem = imageProblem(fallback);
  return problem
    ? [{ path: ['services', name], message: `the default image ${fallback} is not valid; set image:` }]
    : [];
}

/** Two services may not share an image, a compose service or an image variable. */
function shared(
  services: [string, unknown][],
  key: string,
  valueOf: (name: string, service: unknown) => string | undefined,
): Finding[] {
  const owners = new Map<string, string>();
  const findings: Finding[] = [];
  for (const [name, service] of services) {
    const value = valueOf(name, service);
    if (value === undefined) continue;
    const owner = owners.get(value);
    if (owner === undefined) {
      owners.set(value, name);
      continue;
    }
    const written = field(service, key) !== undefined;
    findings.push({
      path: written ? ['services', name, key] : ['services', name],
      message: `${key} ${value} is also the ${key} of service ${quoted(owner)}; each service needs its own`,
    });
  }
  return findings;
}

function entries(value: unknown): [string, unknown][] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function stringOr(value: unknown, fallback: string): string | undefined {
  return value === undefined ? fallback : typeof value === 'string' ? value : undefined;
}
