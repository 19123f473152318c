import * as core from '@actions/core';
import { formatDuration, setOutputs, UserError, writeSummary } from '@deploy-kit/action-kit';
import { checkHealth, healthOutputs, healthSummarySections, type HealthReport } from '@deploy-kit/health';
import { readHealthCheckInputs } from './inputs';

export async function run(): Promise<void> {
  const options = readHealthCheckInputs();
  const count = options.urls.length === 1 ? '1 URL' : `${options.urls.length} URLs`;
  core.info(`Checking ${count}; every one must pass.`);

  // A cancelled job gets SIGINT, then SIGTERM: stop polling, but still write the outputs
  // and summary of what was seen, ignoring further signals until done.
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await checkHealth(options, { log: (line) => core.info(line), signal: cancel.signal });
    setOutputs(healthOutputs(report));
    await writeSummary('Health check', healthSummarySections(report));
    conclude(report, options.failOnUnhealthy, cancel.signal.aborted, count);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
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
