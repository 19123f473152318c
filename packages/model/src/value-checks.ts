import { ONE_LINE } from './names';
import type { Finding } from './parse-config';

/**
 * Checks of values whose grammar belongs to another package (a freeze window to preflight, a
 * JSON assertion to health). The caller passes them in, so this package stays free of those
 * packages and of what they import, and the file is still checked completely, with positions,
 * before anything runs. Each returns why the value is not valid, or undefined.
 */
export interface ValueChecks {
  freeze?: (window: string) => string | undefined;
  json?: (assertion: string) => string | undefined;
  /**
   * A service's build files on disk (build-image passes it; `deploy-kit config` does not look):
   * the context as written (default `.`) and the Dockerfile as written (undefined: `<context>/Dockerfile`).
   * The problem is placed on the key it is about; one about a default Dockerfile goes on `context`.
   */
  buildFiles?: (
    context: string,
    dockerfile: string | undefined,
  ) => { key: 'context' | 'dockerfile'; message: string } | undefined;
}

export function checkValues(data: unknown, checks: ValueChecks): Finding[] {
  const findings: Finding[] = [];
  const check = (
    path: PropertyKey[],
    values: unknown,
    checker: ((value: string) => string | undefined) | undefined,
  ) => {
    if (!checker || !Array.isArray(values)) return;
    values.forEach((value: unknown, index) => {
      // Anything else is the schema's finding; a line break would also break the problem's line.
      if (typeof value !== 'string' || !ONE_LINE.test(value)) return;
      const problem = checker(value);
      if (problem !== undefined) findings.push({ path: [...path, index], message: problem });
    });
  };
  for (const [name, environment] of entries(field(data, 'environments'))) {
    check(['environments', name, 'freeze'], field(environment, 'freeze'), checks.freeze);
  }
  for (const [name, service] of entries(field(data, 'services'))) {
    check(['services', name, 'health', 'json'], field(field(service, 'health'), 'json'), checks.json);
    const context = field(service, 'context');
    const dockerfile = field(service, 'dockerfile');
    if (checks.buildFiles && (context === undefined || typeof context === 'string')) {
      if (dockerfile !== undefined && typeof dockerfile !== 'string') continue;
      const problem = checks.buildFiles(context ?? '.', dockerfile);
      if (problem) {
        // A default (unwritten) key has no place of its own: the service's name is where it is implied.
        const key = problem.key === 'dockerfile' && dockerfile === undefined ? 'context' : problem.key;
        const written = key === 'context' ? context !== undefined : true;
        findings.push({ path: written ? ['services', name, key] : ['services', name], message: problem.message });
      }
    }
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
