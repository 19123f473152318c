import { describeError, type Clock, type RolloutLog } from '../ports';
import type { AbortCause, CanaryOutcome, CanaryPlan, CanaryPorts, CanaryStepResult, Restore } from './types';

export interface CanaryContext {
  clock: Clock;
  log: RolloutLog;
  /** Cancels the run; the canary is still taken out of the traffic (without this signal). */
  signal?: AbortSignal;
}

/**
 * Walks the canary through its steps: set the weight, pause, analyse. A passing step goes on
 * to the next; a failed step (past failure-limit), an inconclusive one under
 * on-inconclusive: fail, or any error aborts: weight 0, canary stopped. Never rejects: every
 * ending is a tagged outcome.
 */
export async function runCanary(plan: CanaryPlan, ports: CanaryPorts, context: CanaryContext): Promise<CanaryOutcome> {
  const { clock, log, signal } = context;
  const startedAt = clock.now();
  const steps: CanaryStepResult[] = [];
  for (const [i, weight] of plan.steps.entries()) {
    const index = i + 1;
    const stepStart = clock.now();
    log.info(`Canary step ${index}/${plan.steps.length}: weight ${weight}%`);
    try {
      signal?.throwIfAborted();
      await ports.setWeight(weight, signal);
      if (plan.pauseMs > 0) await clock.sleep(plan.pauseMs, signal);
      const analysis = await ports.analyse({ index, weight }, signal);
      steps.push({ kind: 'analysed', index, weight, startedAt: stepStart, finishedAt: clock.now(), analysis });
      if (analysis.decision === 'abort') {
        const cause: AbortCause = analysis.kind === 'failure' ? 'analysis-failed' : 'inconclusive';
        return await abort(cause, index, analysis.reason, steps, ports, context, startedAt);
      }
      if (analysis.kind === 'inconclusive') log.warning(`Canary step ${index}: ${analysis.reason}; going on`);
    } catch (error) {
      const cancelled = signal?.aborted === true;
      const reason = cancelled ? 'the rollout was cancelled' : describeError(error);
      steps.push({ kind: 'error', index, weight, startedAt: stepStart, finishedAt: clock.now(), error: reason });
      return await abort(cancelled ? 'cancelled' : 'error', index, reason, steps, ports, context, startedAt);
    }
  }
  log.info('Canary promoted: every step passed');
  return { outcome: 'promoted', steps, startedAt, finishedAt: clock.now() };
}

async function abort(
  cause: AbortCause,
  atStep: number,
  reason: string,
  steps: CanaryStepResult[],
  ports: CanaryPorts,
  { clock, log }: CanaryContext,
  startedAt: number,
): Promise<CanaryOutcome> {
  log.warning(`Canary aborted at step ${atStep}: ${reason}; sending all traffic back to the stable release`);
  const restore = await takeCanaryOut(ports);
  if (restore.kind === 'restore-failed') log.warning(`Could not take the canary out: ${restore.error}`);
  return { outcome: 'aborted', cause, atStep, reason, steps, restore, startedAt, finishedAt: clock.now() };
}

/**
 * Weight 0 first, so no request reaches the canary, then stop it. Runs without the run's
 * signal: a cancelled rollout must still leave the stable release serving everything.
 */
async function takeCanaryOut(ports: CanaryPorts): Promise<Restore> {
  try {
    await ports.setWeight(0);
  } catch (error) {
    // Stopping a canary that still takes traffic would fail those requests: leave it running.
    return { kind: 'restore-failed', error: `setting the weight back to 0 failed: ${describeError(error)}` };
  }
  try {
    await ports.stopCanary();
  } catch (error) {
    return {
      kind: 'restore-failed',
      error: `the weight is 0, but stopping the canary failed: ${describeError(error)}`,
    };
  }
  return { kind: 'restored' };
}
