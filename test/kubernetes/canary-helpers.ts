import { queryPrometheus, systemClock, type PrometheusClientOptions } from '@deploy-kit/rollout';
import { waitUntil } from '../infra/processes';
import type { Prometheus } from '../rollout/prometheus';
import type { StandIn } from './stand-in/server';
import type { WatchEvent } from './stand-in/store';

/**
 * What the canary tests (by traffic weight and by replica ratio) read from the stand-in's store and
 * from Prometheus, so both tell the same story the same way.
 */

export interface LiveDeployment {
  image?: string;
  replicas?: number;
  generation?: number;
}

/** The Deployment as the API server stores it: its first container's image, replicas, generation. */
export function liveDeployment(standIn: StandIn | undefined, name: string, namespace = 'shop'): LiveDeployment {
  const d = standIn?.store.get('apps/deployments', namespace, name) as
    | {
        metadata: { generation?: number };
        spec: { replicas?: number; template: { spec: { containers: { image: string }[] } } };
      }
    | undefined;
  return {
    image: d?.spec.template.spec.containers[0]?.image,
    replicas: d?.spec.replicas,
    generation: d?.metadata.generation,
  };
}

/** The pods of the canary (`deploy-kit.dev/track: canary`) or of the stable side, by name. */
export function podNames(standIn: StandIn | undefined, track: 'canary' | 'stable', namespace = 'shop'): string[] {
  return (standIn?.store.list('core/pods', namespace) ?? [])
    .filter(
      (p) =>
        (p.metadata as { labels?: Record<string, string> }).labels?.['deploy-kit.dev/track'] ===
        (track === 'canary' ? 'canary' : undefined),
    )
    .map((p) => String((p.metadata as { name: string }).name))
    .sort();
}

/**
 * Every replica count the API server stored for Deployment `name` from now on, each change once
 * (status updates leave it alone), e.g. [1, 2, 4, 0] for a canary through [25, 50, 100] of 4.
 * `onChange` sees each new count as it is written, before the controller acts on it.
 */
export function replicaHistory(
  standIn: StandIn | undefined,
  name: string,
  onChange?: (replicas: number) => void,
): number[] {
  const seen: number[] = [];
  standIn?.store.watch('apps/deployments', standIn.store.currentRevision(), (event: WatchEvent) => {
    const metadata = event.object.metadata as { name?: string };
    if (metadata.name !== name || event.type === 'DELETED') return;
    const replicas = (event.object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    if (seen.at(-1) === replicas) return;
    seen.push(replicas);
    onChange?.(replicas);
  });
  return seen;
}

/**
 * Waits until Prometheus answers `query` with a sample `accept` takes (e.g. the canary's series
 * exist: a rate needs two scrapes), bounded generously: the machine may be loaded.
 */
export async function untilPrometheus(
  prometheus: Prometheus,
  client: PrometheusClientOptions,
  query: string,
  what: string,
  accept: (value: number) => boolean = () => true,
): Promise<void> {
  await waitUntil(
    async () => {
      const answer = await queryPrometheus(client, query, { clock: systemClock });
      return (
        answer.kind === 'ok' &&
        answer.result.kind === 'vector' &&
        answer.result.samples.some((sample) => accept(sample.value))
      );
    },
    { what, timeoutMs: 60_000, process: prometheus.process, intervalMs: 200 },
  );
}
