import { checkHealth, type HealthCheckOptions } from '@deploy-kit/health';
import type { HostHealth } from '@deploy-kit/rollout';
import type { DeployRequest, TargetHealthCheck, TargetLog } from '../types';

/** Written in an environment's health URL, stands for each host: `http://{host}:8080/health`. */
export const HOST_PLACEHOLDER = '{host}';

/** The URLs with `{host}` made one per host; a URL without it is kept as it is (e.g. a load balancer's). */
export function expandHostUrls(urls: readonly string[], hosts: readonly string[]): string[] {
  return urls.flatMap((url) => (url.includes(HOST_PLACEHOLDER) ? hosts.map((host) => forHost(url, host)) : [url]));
}

/**
 * A rolling rollout's per-host check: the environment's health checks, each URL's `{host}`
 * replaced by the host just updated (a URL without it, such as a load balancer's, is checked
 * as it is). A check with expect-version: true expects what the engine resolved for the
 * request (the version the deployed image was built as), as the engine's own check does. All
 * of them must pass; the first that does not names its URL and why.
 */
export function hostHealthCheck(
  checks: readonly TargetHealthCheck[],
  log: TargetLog,
): (host: string, request: DeployRequest, signal?: AbortSignal) => Promise<HostHealth> {
  return async (host, request, signal) => {
    for (const check of checks) {
      const options = { ...resolvedCheck(check, request), urls: check.urls.map((url) => forHost(url, host)) };
      const report = await log.group(`${host}: health check`, () =>
        checkHealth(options, { log: (line) => log.info(line), ...(signal ? { signal } : {}) }),
      );
      if (!report.healthy) {
        const failing = report.urls.find((url) => !url.healthy);
        const why = failing?.attempts.at(-1)?.error ?? failing?.reason ?? 'not healthy';
        return { kind: 'unhealthy', reason: `${report.failingUrl ?? 'health check'}: ${why}` };
      }
    }
    return { kind: 'healthy' };
  };
}

/**
 * The check as the engine resolved it for this request: expect-version: true's version is the one
 * the engine found for the service (DeployRequest.expectVersions); without one (a caller that
 * resolved nothing) the check keeps the version it was given.
 */
export function resolvedCheck(check: TargetHealthCheck, request: DeployRequest): HealthCheckOptions {
  const { expectBuiltVersionOf, ...options } = check;
  const expected = expectBuiltVersionOf === undefined ? undefined : request.expectVersions?.[expectBuiltVersionOf];
  return expected === undefined ? options : { ...options, expectVersion: expected };
}

function forHost(url: string, host: string): string {
  return url.split(HOST_PLACEHOLDER).join(host);
}
