import type { Measurement, OnInconclusive, StepAnalysis } from './measurement';

export interface CombineRules {
  /** Failed measurements tolerated in one step; one more aborts (Argo's failureLimit, default 0). */
  failureLimit: number;
  onInconclusive: OnInconclusive;
}

/**
 * One step's verdict from its measurements. Failures are counted first: past the limit, the
 * step fails even when others had no data. Then any inconclusive measurement makes the step
 * inconclusive, whatever `on-inconclusive` says; that setting only decides whether the rollout
 * goes on. A step with no measurement at all is inconclusive too: nothing was checked.
 */
export function combineMeasurements(measurements: Measurement[], rules: CombineRules): StepAnalysis {
  const failures = measurements.filter((m) => m.kind === 'failure');
  const inconclusive = measurements.filter((m) => m.kind === 'inconclusive');
  if (failures.length > rules.failureLimit) {
    const reason = `${failures.length} failed measurement${failures.length === 1 ? '' : 's'} (failure-limit ${rules.failureLimit}): ${failures.map((m) => `${m.metric}: ${m.reason}`).join('; ')}`;
    return { kind: 'failure', decision: 'abort', measurements, failures: failures.length, reason };
  }
  const decision = rules.onInconclusive === 'promote' ? 'continue' : 'abort';
  if (measurements.length === 0) {
    return { kind: 'inconclusive', decision, measurements, failures: 0, reason: 'no measurement was taken' };
  }
  if (inconclusive.length > 0) {
    const reason = `inconclusive (on-inconclusive: ${rules.onInconclusive}): ${inconclusive.map((m) => `${m.metric}: ${m.reason}`).join('; ')}`;
    return { kind: 'inconclusive', decision, measurements, failures: failures.length, reason };
  }
  return { kind: 'success', decision: 'continue', measurements, failures: failures.length };
}
