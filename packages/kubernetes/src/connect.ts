import { KubeClient } from './client';
import { withKubeconfig } from './kubeconfig';
import type { StepAnalysis } from '@deploy-kit/rollout';
import type { Clock, KubeLog } from './types';

/** How to reach the cluster: the kubeconfig secret (text), an optional context, the namespace. */
export interface ClusterAccess {
  kubeconfig: string;
  context?: string;
  namespace: string;
  /** Where the kubeconfig file is written (RUNNER_TEMP on a runner); default the OS temp dir. */
  tempRoot?: string;
}

export interface Runtime {
  log: KubeLog;
  signal: AbortSignal;
  clock: Clock;
  /** Per API call (default 30 s). */
  callTimeoutMs?: number;
  /** First retry backoff (default 500 ms). */
  backoffMs?: number;
  /** Between GETs when a watch is gone (default 2 s). */
  pollMs?: number;
  /** Told each canary step whose analysis ended, while the canary runs (progress for the ledger); must not throw. */
  canaryStep?: (step: { index: number; weight: number; steps: number; analysis: StepAnalysis }) => void;
}

export type Connected<T> = { kind: 'connected'; value: T } | { kind: 'bad-kubeconfig'; message: string };

/** Runs `work` with a client for the cluster; the kubeconfig file exists only for its duration. */
export async function withCluster<T>(
  access: ClusterAccess,
  runtime: Runtime,
  work: (client: KubeClient) => Promise<T>,
): Promise<Connected<T>> {
  return withKubeconfig(
    { text: access.kubeconfig, context: access.context, tempRoot: access.tempRoot },
    async (loaded) => {
      if (loaded.kind === 'invalid') return { kind: 'bad-kubeconfig', message: loaded.message };
      const client = new KubeClient({
        config: loaded.config,
        clock: runtime.clock,
        signal: runtime.signal,
        log: runtime.log,
        timeoutMs: runtime.callTimeoutMs,
        backoffMs: runtime.backoffMs,
      });
      return { kind: 'connected', value: await work(client) };
    },
  );
}
