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

/** The action outputs, shared by every action that runs a health check. */
export function healthOutputs(report: HealthReport): HealthOutputs {
  return {
    healthy: report.healthy,
    attempts: report.attempts,
    'duration-ms': report.durationMs,
    'latency-ms': report.latencyMs,
    'failing-url': report.failingUrl,
    report: JSON.stringify(report),
  };
}
