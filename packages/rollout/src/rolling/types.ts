/** What a rolling rollout asks of the world, per host; the engine implements them over the target. */
export interface RollingPorts {
  /** The user's hook before a host changes, e.g. take it out of an external load balancer. */
  before?(host: string, signal?: AbortSignal): Promise<void>;
  /** Deploys the new release on the host (blue-green on the host where that is configured). */
  deploy(host: string, signal?: AbortSignal): Promise<void>;
  healthCheck(host: string, signal?: AbortSignal): Promise<HostHealth>;
  /** The user's hook after a host changed (and after a host was reverted), e.g. put it back in. */
  after?(host: string, signal?: AbortSignal): Promise<void>;
  /** Puts the previous release back on the host. Must be safe to run on a half-updated host. */
  revert(host: string, signal?: AbortSignal): Promise<void>;
}

export type HostHealth = { kind: 'healthy' } | { kind: 'unhealthy'; reason: string };

/** Where a host's update stopped. */
export type HostPhase = 'before' | 'deploy' | 'health' | 'after';

/** Whether the previous release went back on a host. */
export type Revert =
  | { kind: 'not-needed' }
  | { kind: 'reverted'; startedAt: number; finishedAt: number }
  | { kind: 'revert-failed'; error: string; startedAt: number; finishedAt: number };

/**
 * One host's part in the rollout, for the outcome, the summary, the ledger and notifications:
 * - `updated`: runs the new release (the rollout completed, or it is not rolled back);
 * - `failed`: its update failed in `phase`; `revert` says whether the previous release is back
 *   (not needed when the `before` hook failed: nothing had changed);
 * - `rolled-back`: it was updated, then another host failed, and `revert` says how its
 *   return to the previous release went;
 * - `not-started`: a later batch, never touched.
 */
export type HostResult =
  | { status: 'updated'; host: string; batch: number; startedAt: number; finishedAt: number }
  | {
      status: 'failed';
      host: string;
      batch: number;
      phase: HostPhase;
      error: string;
      startedAt: number;
      finishedAt: number;
      revert: Revert;
    }
  | { status: 'rolled-back'; host: string; batch: number; startedAt: number; finishedAt: number; revert: Revert }
  | { status: 'not-started'; host: string; batch: number };

/**
 * How a rolling rollout ended:
 * - `completed`: every host updated and healthy;
 * - `rolled-back`: a host failed (or the run was cancelled); the rollout stopped and every host
 *   it had changed is back on the previous release;
 * - `rollback-failed`: as rolled-back, but some host could not be reverted (see its `revert`).
 */
export type RollingOutcome =
  | { outcome: 'completed'; batches: string[][]; hosts: HostResult[]; startedAt: number; finishedAt: number }
  | {
      outcome: 'rolled-back' | 'rollback-failed';
      cause: 'host-failed' | 'cancelled';
      /** The batch that failed (1-based). */
      atBatch: number;
      reason: string;
      batches: string[][];
      hosts: HostResult[];
      startedAt: number;
      finishedAt: number;
    };
