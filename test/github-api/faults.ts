/**
 * Faults a test can inject on a route. `afterApplying` makes the fake carry
 * out the request and then answer with the fault, as when GitHub applied a
 * write but the answer was lost: the case a client must not blindly retry.
 */
export type Fault =
  | { type: 'status'; status: number; message?: string; afterApplying?: boolean }
  | { type: 'secondary-rate-limit'; retryAfterSeconds?: number }
  | { type: 'delay'; ms: number }
  | { type: 'reset'; afterApplying?: boolean };

interface ArmedFault {
  method: string;
  pattern: string | RegExp;
  fault: Fault;
  remaining: number;
}

export class FaultTable {
  private readonly armed: ArmedFault[] = [];

  add(method: string, pattern: string | RegExp, fault: Fault, times: number): void {
    this.armed.push({ method: method.toUpperCase(), pattern, fault, remaining: times });
  }

  /**
   * The next fault for a request, consumed. A string pattern is a path
   * template from GitHub's description (`/repos/{owner}/{repo}/deployments`)
   * or a concrete path; a RegExp is tested against the concrete path.
   */
  take(method: string, template: string | undefined, path: string): Fault | undefined {
    const found = this.armed.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === '*' || f.method === method.toUpperCase()) &&
        (typeof f.pattern === 'string' ? f.pattern === template || f.pattern === path : f.pattern.test(path)),
    );
    if (!found) return undefined;
    found.remaining -= 1;
    return found.fault;
  }

  clear(): void {
    this.armed.length = 0;
  }
}
