import * as core from '@actions/core';
import { formatDuration, setOutputs, UserError, writeSummary } from '@deploy-kit/action-kit';
import { checkHealth, healthOutputs, healthSummarySections, type HealthReport } from '@deploy-kit/health';
import { readHealthCheckInputs } from './inputs';

/**
 * A cancelled job (the runner sends SIGINT, then SIGTERM) aborts `signal`:
 * polling stops, the outputs and summary still say what was seen, and the
 * step fails. The signals themselves belong to runAction, which keeps
 * listening until the process ends, so no second signal can kill the step
 * half way through its report.
 */
export async function run(signal: AbortSignal): Promise<void> {
  const options = readHealthCheckInputs();
  const count = options.urls.length === 1 ? '1 URL' : `${options.urls.length} URLs`;
  core.info(`Checking ${count}; every one must pass.`);
  const report = await checkHealth(options, { log: (line) => core.info(line), signal });
  setOutputs(healthOutputs(report));
  await writeSummary('Health check', healthSummarySections(report));
  conclude(report, options.failOnUnhealthy, signal.aborted, count);
}

function conclude(report: HealthReport, failOnUnhealthy: boolean, cancelled: boolean, count: string): void {
  if (report.healthy) {
    core.info(`Healthy: ${count} passed in ${formatDuration(report.durationMs)}.`);
    return;
  }
  if (cancelled) {
    throw new UserError(`Cancelled after ${formatDuration(report.durationMs)}, before every URL was found healthy`);
  }
  const failing = report.urls.find((url) => url.url === report.failingUrl);
  const message = `Unhealthy: ${report.failingUrl ?? 'a URL'}: ${failing?.reason ?? 'did not pass'}`;
  if (failOnUnhealthy) throw new UserError(message);
  core.warning(`${message} (fail-on-unhealthy is false: the step passes; see the healthy output)`);
}
