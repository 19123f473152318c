import * as core from '@actions/core';
import { formatDuration, setOutputs, UserError, writeSummary } from '@deploy-kit/action-kit';
import { checkHealth, healthOutputs, healthSummarySections, type HealthReport } from '@deploy-kit/health';
import { readHealthCheckInputs } from './inputs';

export async function run(): Promise<void> {
  const options = readHealthCheckInputs();
  const count = options.urls.length === 1 ? '1 URL' : `${options.urls.length} URLs`;
  core.info(`Checking ${count}; every one must pass.`);

  // A cancelled job gets SIGINT/SIGTERM: stop polling but still report what was seen.
  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let report: HealthReport;
  try {
    report = await checkHealth(options, { log: (line) => core.info(line), signal: cancel.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  setOutputs(healthOutputs(report));
  await writeSummary('Health check', healthSummarySections(report));
  if (report.healthy) {
    core.info(`Healthy: ${count} passed in ${formatDuration(report.durationMs)}.`);
    return;
  }
  const failing = report.urls.find((url) => url.url === report.failingUrl);
  const message = `Unhealthy: ${report.failingUrl ?? 'a URL'}: ${failing?.reason ?? 'did not pass'}`;
  if (cancel.signal.aborted || options.failOnUnhealthy) throw new UserError(message);
  core.warning(`${message} (fail-on-unhealthy is false: the step passes; see the healthy output)`);
}
