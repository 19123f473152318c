import { Watch } from '@kubernetes/client-node';
import type { KubeClient } from './client';
import { DEPLOYMENT, objectPath } from './kinds';
import { deploymentState, rolloutStatus, type RolloutStatus } from './rollout-status';
import type { Clock, KubeLog } from './types';

export type WaitResult =
  { kind: 'ready'; message: string } | { kind: 'failed'; message: string } | { kind: 'timeout'; message: string };

export interface WaitOptions {
  namespace: string;
  name: string;
  /** Absolute time (clock.now()) by which the rollout must be done. */
  deadline: number;
  clock: Clock;
  log: KubeLog;
  /** Between GETs once the watch is gone (default 2 s). */
  pollMs?: number;
}

type WatchEnd = { kind: 'status'; status: RolloutStatus } | { kind: 'ended'; why: string } | { kind: 'deadline' };

/**
 * Waits as `kubectl rollout status` does: a watch on the one Deployment, each change judged by
 * `rolloutStatus`. When the watch drops (a proxy timeout, an API server restart), it falls back to
 * polling the Deployment until it is done, failed, or the deadline passes.
 */
export async function waitForRollout(client: KubeClient, options: WaitOptions): Promise<WaitResult> {
  const { clock, log } = options;
  let lastMessage = '';
  const report = (status: RolloutStatus): RolloutStatus => {
    if (status.kind === 'waiting' && status.message !== lastMessage) log.info(status.message);
    lastMessage = status.message;
    return status;
  };
  const read = async (): Promise<{ status: RolloutStatus; resourceVersion: string }> => {
    const object = (await client.json({
      method: 'GET',
      path: objectPath(DEPLOYMENT, options.namespace, options.name),
      idempotent: true,
      what: `get deployment ${options.name}`,
    })) as {
      metadata?: { resourceVersion?: string };
    };
    return {
      status: report(rolloutStatus(deploymentState(object))),
      resourceVersion: object.metadata?.resourceVersion ?? '',
    };
  };
  const finish = (status: RolloutStatus): WaitResult | undefined =>
    status.kind === 'done'
      ? { kind: 'ready', message: status.message }
      : status.kind === 'failed'
        ? { kind: 'failed', message: status.message }
        : undefined;

  const first = await read();
  const early = finish(first.status);
  if (early) return early;

  const watched = await watchUntil(client, options, first.resourceVersion, report);
  if (watched.kind === 'status') {
    const done = finish(watched.status);
    if (done) return done;
  }
  if (watched.kind === 'ended')
    log.info(`The watch on deployment ${options.name} ended (${watched.why}); polling it instead.`);
  while (clock.now() < options.deadline) {
    const polled = await read();
    const done = finish(polled.status);
    if (done) return done;
    await clock.sleep(Math.min(options.pollMs ?? 2000, Math.max(0, options.deadline - clock.now())), client.signal);
  }
  return {
    kind: 'timeout',
    message: `deployment "${options.name}" did not finish its rollout in time: ${lastMessage}`,
  };
}

async function watchUntil(
  client: KubeClient,
  options: WaitOptions,
  resourceVersion: string,
  report: (s: RolloutStatus) => RolloutStatus,
): Promise<WatchEnd> {
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, client.signal]);
  const collection = objectPath(DEPLOYMENT, options.namespace, options.name).replace(/\/[^/]+$/, '');
  const result = await new Promise<WatchEnd>((resolve) => {
    let watchController: AbortController | undefined;
    let settled = false;
    const settle = (end: WatchEnd): void => {
      if (settled) return;
      settled = true;
      stop.abort();
      watchController?.abort();
      resolve(end);
    };
    options.clock
      .sleep(Math.max(0, options.deadline - options.clock.now()), signal)
      .then(() => settle({ kind: 'deadline' }))
      // Aborted: by settle() itself (nothing to do), or by the caller's signal (stop watching now).
      .catch(() => settle({ kind: 'ended', why: 'cancelled' }));
    new Watch(client.config)
      .watch(
        collection,
        { fieldSelector: `metadata.name=${options.name}`, resourceVersion, allowWatchBookmarks: true },
        (type, object) => {
          if (type !== 'ADDED' && type !== 'MODIFIED') return;
          const status = report(rolloutStatus(deploymentState(object)));
          if (status.kind !== 'waiting') settle({ kind: 'status', status });
        },
        (error: unknown) => {
          if (!stop.signal.aborted)
            settle({ kind: 'ended', why: error instanceof Error ? error.message : 'closed by the server' });
        },
      )
      .then((controller) => {
        watchController = controller;
        if (stop.signal.aborted) controller.abort();
      })
      .catch((error: unknown) =>
        settle({ kind: 'ended', why: error instanceof Error ? error.message : String(error) }),
      );
  });
  if (client.signal.aborted) throw client.signal.reason;
  return result;
}
