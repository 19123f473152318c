import type { StepAnalysis } from '../analysis/measurement';

/** A canary's steps, resolved from the config (`steps`, `pause`). */
export interface CanaryPlan {
  /** Traffic weights in percent, increasing, the last one 100, e.g. [10, 50, 100]. */
  steps: number[];
  /** Wait at each step after setting its weight, before the analysis. */
  pauseMs: number;
}

/**
 * What the step machine asks of the world; the engine implements them over the proxy and the
 * target. Each must bound its own time (its network calls have timeouts).
 */
export interface CanaryPorts {
  /** Sends `weight` percent of the traffic to the canary (0: all to the stable release). */
  setWeight(weight: number, signal?: AbortSignal): Promise<void>;
  /** The analysis for one step, e.g. analyseStep over the canary's metrics and health. */
  analyse(step: { index: number; weight: number }, signal?: AbortSignal): Promise<StepAnalysis>;
  /** Stops the canary's containers once it is out of the traffic. */
  stopCanary(signal?: AbortSignal): Promise<void>;
}

/**
 * One step, as the summary table shows it. `analysed` carries the verdict and every
 * measurement; `error` is a step that could not complete (the proxy refused the weight, the
 * analysis threw, the run was cancelled).
 */
export type CanaryStepResult =
  | { kind: 'analysed'; index: number; weight: number; startedAt: number; finishedAt: number; analysis: StepAnalysis }
  | { kind: 'error'; index: number; weight: number; startedAt: number; finishedAt: number; error: string };

/** Why a canary was aborted. */
export type AbortCause = 'analysis-failed' | 'inconclusive' | 'error' | 'cancelled';

/** Whether taking the canary out worked: weight 0, then stopped. */
export type Restore = { kind: 'restored' } | { kind: 'restore-failed'; error: string };

/**
 * How a canary ended, following Argo Rollouts:
 * - `promoted`: every step passed (or was inconclusive with on-inconclusive: promote); the
 *   canary now takes all the traffic.
 * - `aborted`: a step failed past failure-limit, was inconclusive with on-inconclusive: fail,
 *   or could not complete. The weight went back to 0 and the canary was stopped (`restore`
 *   says whether that worked); the stable release keeps serving and the deployment is failed.
 */
export type CanaryOutcome =
  | { outcome: 'promoted'; steps: CanaryStepResult[]; startedAt: number; finishedAt: number }
  | {
      outcome: 'aborted';
      cause: AbortCause;
      /** The step that aborted it (1-based). */
      atStep: number;
      reason: string;
      steps: CanaryStepResult[];
      restore: Restore;
      startedAt: number;
      finishedAt: number;
    };
