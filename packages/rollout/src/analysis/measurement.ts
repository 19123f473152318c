/**
 * One measurement, as Argo Rollouts calls them: one metric (or the health check) judged once.
 * - `success`: a value was read and is within its threshold (the health check passed).
 * - `failure`: a value was read and breaches its threshold (the health check failed).
 * - `inconclusive`: nothing can be concluded: no data (an empty vector, NaN such as 0/0 with
 *   no traffic), or Prometheus could not be asked. It is never counted as a pass.
 */
export type Measurement =
  | { kind: 'success'; metric: string; value?: number; threshold?: number; startedAt: number; finishedAt: number }
  | {
      kind: 'failure';
      metric: string;
      value?: number;
      threshold?: number;
      reason: string;
      startedAt: number;
      finishedAt: number;
    }
  | { kind: 'inconclusive'; metric: string; threshold?: number; reason: string; startedAt: number; finishedAt: number };

export type OnInconclusive = 'fail' | 'promote';

/**
 * What one step's analysis concludes from all its measurements:
 * - `success`: failures within `failure-limit` and nothing inconclusive; the rollout goes on.
 * - `failure`: more failures than `failure-limit`; the rollout aborts.
 * - `inconclusive`: failures within the limit but some measurement had no data. `decision`
 *   follows `on-inconclusive`: `abort` (fail, the default) or `continue` (promote). It is
 *   reported as inconclusive either way.
 */
export type StepAnalysis =
  | { kind: 'success'; decision: 'continue'; measurements: Measurement[]; failures: number }
  | { kind: 'failure'; decision: 'abort'; measurements: Measurement[]; failures: number; reason: string }
  | {
      kind: 'inconclusive';
      decision: 'abort' | 'continue';
      measurements: Measurement[];
      failures: number;
      reason: string;
    };
