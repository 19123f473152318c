/** Where a service runs: `api=deployment/api:container`. */
export interface Workload {
  service: string;
  kind: 'deployment';
  name: string;
  container: string;
}

export type WorkloadsResult = { kind: 'ok'; workloads: Workload[] } | { kind: 'invalid'; problems: string[] };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Parses the `workloads` input, one entry per line (or comma-separated):
 * `SERVICE=deployment/NAME:CONTAINER`. Each problem quotes the entry and says what was expected.
 */
export function parseWorkloads(text: string): WorkloadsResult {
  const entries = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const problems: string[] = [];
  const workloads: Workload[] = [];
  if (entries.length === 0)
    return {
      kind: 'invalid',
      problems: ['workloads is empty; expected SERVICE=deployment/NAME:CONTAINER, e.g. api=deployment/api:api'],
    };
  for (const entry of entries) {
    const match = /^([^=\s]+)\s*=\s*([^/\s]+)\/([^:\s]+):(\S+)$/.exec(entry);
    if (!match) {
      problems.push(
        `workloads entry "${entry}" is not SERVICE=deployment/NAME:CONTAINER (e.g. api=deployment/api:api)`,
      );
      continue;
    }
    const [, service = '', kind = '', name = '', container = ''] = match;
    if (!SERVICE.test(service))
      problems.push(`workloads entry "${entry}": service "${service}" must be lowercase letters, digits, - or _`);
    if (kind.toLowerCase() !== 'deployment')
      problems.push(`workloads entry "${entry}": kind "${kind}" is not supported; expected deployment`);
    if (!DNS_LABEL.test(name) || name.length > 63)
      problems.push(
        `workloads entry "${entry}": "${name}" is not a valid Deployment name (lowercase letters, digits and -)`,
      );
    if (!DNS_LABEL.test(container) || container.length > 63)
      problems.push(`workloads entry "${entry}": "${container}" is not a valid container name`);
    if (workloads.some((w) => w.service === service))
      problems.push(`workloads entry "${entry}": service "${service}" is listed twice`);
    if (workloads.some((w) => w.name === name && w.container === container))
      problems.push(`workloads entry "${entry}": deployment/${name}:${container} is already given to another service`);
    workloads.push({ service, kind: 'deployment', name, container });
  }
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', workloads };
}

export function describeWorkload(w: Workload): string {
  return `deployment/${w.name}:${w.container}`;
}
