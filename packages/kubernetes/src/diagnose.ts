import type { KubeClient } from './client';

/** Why a pod keeps a rollout from finishing, as read from its status, its events and its log. */
export interface Diagnosis {
  kind: 'image-pull' | 'crash-loop' | 'unschedulable' | 'readiness-probe' | 'not-ready';
  pod: string;
  container?: string;
  message: string;
  /** The crashed container's last log lines (crash-loop only). */
  logTail?: string[];
}

interface PodView {
  metadata?: { name?: string };
  status?: {
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    containerStatuses?: {
      name?: string;
      ready?: boolean;
      restartCount?: number;
      state?: { waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number } };
      lastState?: { terminated?: { exitCode?: number } };
    }[];
  };
}

interface EventView {
  reason?: string;
  message?: string;
  involvedObject?: { name?: string };
}

const PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);

export function formatDiagnosis(d: Diagnosis): string {
  const head = `pod ${d.pod}${d.container ? ` container ${d.container}` : ''}: ${d.message}`;
  return d.logTail && d.logTail.length > 0
    ? `${head}\n  last log lines:\n${d.logTail.map((l) => `    ${l}`).join('\n')}`
    : head;
}

/**
 * Reads the not-ready pods of a Deployment (by its selector) and says why each is stuck:
 * ImagePullBackOff, CrashLoopBackOff (with the previous run's last log lines), Unschedulable, a
 * failing readiness probe. At most `maxPods` pods are explained; a failure to read is a note, not
 * an error, since the rollout has already failed.
 */
export async function diagnose(
  client: KubeClient,
  namespace: string,
  labelSelector: string,
  maxPods = 3,
  logLines = 20,
): Promise<Diagnosis[]> {
  const ns = encodeURIComponent(namespace);
  const podList = (await client.json({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/pods`,
    query: { labelSelector },
    idempotent: true,
    what: 'list pods',
  })) as { items?: PodView[] };
  const events =
    (
      (await client.json({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/events`,
        idempotent: true,
        what: 'list events',
      })) as { items?: EventView[] }
    ).items ?? [];
  const stuck = (podList.items ?? []).filter(
    (pod) => !(pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  const out: Diagnosis[] = [];
  for (const pod of stuck.slice(0, maxPods)) {
    const name = pod.metadata?.name ?? '?';
    const podEvents = events.filter((e) => e.involvedObject?.name === name);
    const eventMessage = (reasons: string[]): string | undefined =>
      podEvents.find((e) => reasons.includes(e.reason ?? ''))?.message;
    const unscheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (unscheduled) {
      out.push({
        kind: 'unschedulable',
        pod: name,
        message: `Unschedulable: ${eventMessage(['FailedScheduling']) ?? unscheduled.message ?? 'no node fits the pod'}`,
      });
      continue;
    }
    let explained = false;
    for (const container of pod.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting;
      if (waiting?.reason && PULL_REASONS.has(waiting.reason)) {
        out.push({
          kind: 'image-pull',
          pod: name,
          container: container.name,
          message: `${waiting.reason}: ${eventMessage(['Failed']) ?? waiting.message ?? 'the image cannot be pulled'}`,
        });
        explained = true;
      } else if (
        waiting?.reason === 'CrashLoopBackOff' ||
        // Between two back-offs the container is briefly terminated or even running again: a
        // container that keeps exiting (restarts and a last termination) is the same crash loop.
        ((container.restartCount ?? 0) > 0 && container.lastState?.terminated !== undefined && container.ready !== true)
      ) {
        const logTail = await previousLog(client, ns, name, container.name ?? '', logLines);
        const exit = container.lastState?.terminated?.exitCode;
        out.push({
          kind: 'crash-loop',
          pod: name,
          container: container.name,
          message: `${waiting?.reason ?? 'crash loop (restarting)'}: restarted ${container.restartCount ?? 0} times${exit !== undefined ? `, last exit code ${exit}` : ''}`,
          logTail,
        });
        explained = true;
      } else if (container.ready === false) {
        const probe = eventMessage(['Unhealthy']);
        if (probe) {
          out.push({ kind: 'readiness-probe', pod: name, container: container.name, message: probe });
          explained = true;
        }
      }
    }
    if (!explained)
      out.push({ kind: 'not-ready', pod: name, message: 'not ready yet (no failing container or event found)' });
  }
  return out;
}

async function previousLog(
  client: KubeClient,
  ns: string,
  pod: string,
  container: string,
  lines: number,
): Promise<string[]> {
  try {
    const text = await client.text({
      method: 'GET',
      path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(pod)}/log`,
      query: { container, previous: 'true', tailLines: String(lines) },
      idempotent: true,
      what: `read the log of pod ${pod}`,
    });
    return text.split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}
