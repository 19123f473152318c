import { setMaxListeners } from 'node:events';
import { Agent } from 'undici';
import { describeChecks } from './describe-checks';
import { checkUrl } from './check-url';
import type { HealthCheckOptions, HealthHooks, HealthReport, UrlReport } from './types';
import { parseTarget } from './urls';

/**
 * Checks every URL concurrently; healthy only when all are. As soon as one
 * URL is found unhealthy the others stop, since the answer cannot change.
 * Network problems never reject: they are in the report.
 */
export async function checkHealth(options: HealthCheckOptions, hooks: HealthHooks = {}): Promise<HealthReport> {
  const log = hooks.log ?? (() => undefined);
  const random = hooks.random ?? Math.random;
  const startedAt = performance.now();
  const stop = new AbortController();
  // Every in-flight request and wait listens on it: one per URL, so hundreds are normal.
  setMaxListeners(0, stop.signal);
  let stopReason = 'stopped: the check was cancelled';
  const onCancel = () => stop.abort();
  if (hooks.signal?.aborted) stop.abort();
  hooks.signal?.addEventListener('abort', onCancel, { once: true });
  // One connection pool per check, closed at the end so nothing keeps the process alive.
  const dispatcher = new Agent({ connect: { rejectUnauthorized: !options.insecureTls } });
  const context = { options, dispatcher, startedAt, signal: stop.signal, log, random, stopReason: () => stopReason };
  try {
    const urls = await Promise.all(
      options.urls.map(async (url) => {
        const report = await checkUrl(parseTarget(url, options.redactQueryParams), context);
        if (report.outcome === 'unhealthy' && !stop.signal.aborted) {
          stopReason = `stopped: ${report.url} was found unhealthy`;
          stop.abort();
        }
        return report;
      }),
    );
    return buildReport(options, urls, performance.now() - startedAt);
  } finally {
    hooks.signal?.removeEventListener('abort', onCancel);
    await dispatcher.destroy();
  }
}

function buildReport(options: HealthCheckOptions, urls: UrlReport[], durationMs: number): HealthReport {
  const healthy = urls.every((url) => url.healthy);
  const failing = urls.find((url) => url.outcome === 'unhealthy') ?? urls.find((url) => !url.healthy);
  const latencies = urls.map((url) => url.latencyMs).filter((ms): ms is number => ms !== undefined);
  return {
    healthy,
    attempts: urls.reduce((sum, url) => sum + url.attempts.length, 0),
    durationMs: Math.round(durationMs),
    latencyMs: latencies.length > 0 ? Math.max(...latencies) : undefined,
    failingUrl: healthy ? undefined : failing?.url,
    checks: describeChecks(options),
    urls,
  };
}
