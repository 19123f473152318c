import { describeError, type Clock, type RolloutLog } from '../ports';
import { planBatches, type BatchSize } from './plan-batches';
import type { HostPhase, HostResult, Revert, RollingOutcome, RollingPorts } from './types';

export interface RollingContext {
  clock: Clock;
  log: RolloutLog;
  /** Cancels the run; hosts already changed are still reverted (without this signal). */
  signal?: AbortSignal;
}

type Update =
  | { kind: 'updated'; host: string; startedAt: number; finishedAt: number }
  | { kind: 'failed'; host: string; phase: HostPhase; error: string; startedAt: number; finishedAt: number };

/**
 * Updates the hosts batch by batch: within a batch, every host at once (before hook, deploy,
 * health check, after hook); the next batch starts only when the whole batch is healthy. When
 * a host fails, the hosts of its batch still finish (stopping a deploy midway helps nobody),
 * then the rollout stops and every host it changed goes back to the previous release, the
 * most recently updated first. Never rejects: every ending is a tagged outcome.
 */
export async function runRolling(
  hosts: readonly string[],
  batch: BatchSize,
  ports: RollingPorts,
  context: RollingContext,
): Promise<RollingOutcome> {
  const { clock, log, signal } = context;
  const startedAt = clock.now();
  const batches = planBatches(hosts, batch);
  const done: { update: Update; batch: number }[] = [];
  for (const [i, members] of batches.entries()) {
    const number = i + 1;
    log.info(`Batch ${number}/${batches.length}: ${members.join(', ')}`);
    const updates = signal?.aborted
      ? members.map((host): Update => cancelled(host, clock.now()))
      : await Promise.all(members.map((host) => updateHost(host, ports, context)));
    done.push(...updates.map((update) => ({ update, batch: number })));
    const failed = updates.filter((u) => u.kind === 'failed');
    if (failed.length > 0) {
      const cause = signal?.aborted ? 'cancelled' : 'host-failed';
      const reason = failed.map((u) => `${u.host}: ${u.phase} failed: ${u.error}`).join('; ');
      log.warning(`Rolling deploy stopped at batch ${number}: ${reason}; reverting every host already changed`);
      const results = await rollBack(done, batches.slice(number), number, ports, context);
      return {
        outcome: results.some(revertFailed) ? 'rollback-failed' : 'rolled-back',
        cause,
        atBatch: number,
        reason,
        batches,
        hosts: orderAs(hosts, results),
        startedAt,
        finishedAt: clock.now(),
      };
    }
  }
  const results = done.map(({ update, batch: n }): HostResult => ({ ...asUpdated(update), batch: n }));
  return { outcome: 'completed', batches, hosts: orderAs(hosts, results), startedAt, finishedAt: clock.now() };
}

async function updateHost(host: string, ports: RollingPorts, { clock, log, signal }: RollingContext): Promise<Update> {
  const startedAt = clock.now();
  let phase: HostPhase = 'before';
  try {
    signal?.throwIfAborted();
    await ports.before?.(host, signal);
    phase = 'deploy';
    await ports.deploy(host, signal);
    phase = 'health';
    const health = await ports.healthCheck(host, signal);
    if (health.kind === 'unhealthy') throw new Error(health.reason);
    phase = 'after';
    await ports.after?.(host, signal);
    log.info(`${host}: updated and healthy`);
    return { kind: 'updated', host, startedAt, finishedAt: clock.now() };
  } catch (error) {
    const message = signal?.aborted ? 'the rollout was cancelled' : describeError(error);
    log.warning(`${host}: ${phase} failed: ${message}`);
    return { kind: 'failed', host, phase, error: message, startedAt, finishedAt: clock.now() };
  }
}

function cancelled(host: string, now: number): Update {
  return { kind: 'failed', host, phase: 'before', error: 'the rollout was cancelled', startedAt: now, finishedAt: now };
}

/**
 * Reverts, newest first: failed hosts that may be half-updated (revert, then the after hook
 * so a host taken out of a load balancer goes back in), then updated hosts wrapped in their
 * hooks like an update. Runs without the run's signal, so a cancelled rollout still converges
 * to the previous release. One revert failing does not stop the others.
 */
async function rollBack(
  done: { update: Update; batch: number }[],
  untouched: string[][],
  failedBatch: number,
  ports: RollingPorts,
  context: RollingContext,
): Promise<HostResult[]> {
  const results: HostResult[] = [];
  for (const { update, batch } of [...done].reverse()) {
    if (update.kind === 'failed') {
      const revert =
        update.phase === 'before'
          ? ({ kind: 'not-needed' } as const)
          : await revertHost(update.host, ports, context, false);
      results.push({ status: 'failed', ...withoutKind(update), batch, revert });
    } else {
      const revert = await revertHost(update.host, ports, context, true);
      results.push({
        status: 'rolled-back',
        host: update.host,
        batch,
        startedAt: update.startedAt,
        finishedAt: update.finishedAt,
        revert,
      });
    }
  }
  untouched.forEach((members, i) => {
    for (const host of members) results.push({ status: 'not-started', host, batch: failedBatch + i + 1 });
  });
  return results;
}

async function revertHost(
  host: string,
  ports: RollingPorts,
  { clock, log }: RollingContext,
  withBefore: boolean,
): Promise<Revert> {
  const startedAt = clock.now();
  try {
    if (withBefore) await ports.before?.(host);
    await ports.revert(host);
    await ports.after?.(host);
    log.info(`${host}: back on the previous release`);
    return { kind: 'reverted', startedAt, finishedAt: clock.now() };
  } catch (error) {
    const message = describeError(error);
    log.warning(`${host}: could not revert: ${message}`);
    return { kind: 'revert-failed', error: message, startedAt, finishedAt: clock.now() };
  }
}

function revertFailed(result: HostResult): boolean {
  switch (result.status) {
    case 'failed':
    case 'rolled-back':
      return result.revert.kind === 'revert-failed';
    default:
      return false;
  }
}

function asUpdated(update: Update): Omit<Extract<HostResult, { status: 'updated' }>, 'batch'> {
  return { status: 'updated', host: update.host, startedAt: update.startedAt, finishedAt: update.finishedAt };
}

function withoutKind(update: Extract<Update, { kind: 'failed' }>) {
  const { kind: _kind, ...rest } = update;
  return rest;
}

/** Results in the order the hosts were configured, whatever order they finished in. */
function orderAs(hosts: readonly string[], results: HostResult[]): HostResult[] {
  return [...results].sort((a, b) => hosts.indexOf(a.host) - hosts.indexOf(b.host));
}
