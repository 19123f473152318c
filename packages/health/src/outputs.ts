import type { HealthReport } from './types';

export interface HealthOutputs {
  healthy: boolean;
  attempts: number;
  'duration-ms': number;
  'latency-ms': number | undefined;
  'failing-url': string | undefined;
  /** The whole report as JSON: per URL, each attempt's status, latency and error. */
  report: string;
  [name: string]: string | number | boolean | undefined;
}

/** GitHub refuses step outputs over 1 MB; the report stays well under that. */
export const REPORT_LIMIT_BYTES = 512 * 1024;

/** The action outputs, shared by every action that runs a health check. */
export function healthOutputs(report: HealthReport): HealthOutputs {
  return {
    healthy: report.healthy,
    attempts: report.attempts,
    'duration-ms': report.durationMs,
    'latency-ms': report.latencyMs,
    'failing-url': report.failingUrl,
    report: reportJson(report),
  };
}

/**
 * The report as JSON. A very long check of many URLs keeps only each URL's
 * latest attempts (halving until it fits), and says how many it left out.
 */
export function reportJson(report: HealthReport, limit = REPORT_LIMIT_BYTES): string {
  let json = JSON.stringify(report);
  let keep = Math.max(...report.urls.map((url) => url.attempts.length));
  while (Buffer.byteLength(json) > limit && keep > 1) {
    keep = Math.floor(keep / 2);
    json = JSON.stringify({
      ...report,
      urls: report.urls.map((url) =>
        url.attempts.length > keep
          ? { ...url, attemptsOmitted: url.attempts.length - keep, attempts: url.attempts.slice(-keep) }
          : url,
      ),
    });
  }
  return json;
}
