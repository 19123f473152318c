import type { KubeClient } from './client';
import { diagnose, formatDiagnosis, type Diagnosis } from './diagnose';
import type { Clock, KubeLog } from './types';
import { waitForRollout } from './wait';

/** A Deployment that did not become ready: why, in kubectl's words plus what its pods say. */
export interface NotReady {
  kind: 'unhealthy';
  deployment: string;
  why: 'failed' | 'timeout';
  message: string;
  diagnoses: Diagnosis[];
}

/**
 * Waits for each Deployment in turn, within one deadline, as `kubectl rollout status` does; the
 * first one that fails or times out is explained from its pods, events and logs.
 */
export async function waitUntilReady(
  client: KubeClient,
  names: string[],
  options: { namespace: string; deadline: number; clock: Clock; log: KubeLog; pollMs?: number },
): Promise<NotReady | undefined> {
  const { namespace, deadline, clock, log, pollMs } = options;
  for (const name of new Set(names)) {
    const result = await waitForRollout(client, { namespace, name, deadline, clock, log, pollMs });
    if (result.kind === 'ready') {
      log.info(result.message);
      continue;
    }
    const selector = await selectorOf(client, namespace, name);
    const diagnoses = selector ? await diagnose(client, namespace, selector) : [];
    for (const d of diagnoses) log.warning(formatDiagnosis(d));
    const why = diagnoses.length > 0 ? `: ${diagnoses.map((d) => `${d.pod}: ${d.message}`).join('; ')}` : '';
    return { kind: 'unhealthy', deployment: name, why: result.kind, message: `${result.message}${why}`, diagnoses };
  }
  return undefined;
}

async function selectorOf(client: KubeClient, namespace: string, name: string): Promise<string | undefined> {
  const object = (await client.json({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments/${encodeURIComponent(name)}`,
    idempotent: true,
    what: `get deployment ${name}`,
  })) as {
    spec?: { selector?: { matchLabels?: Record<string, string> } };
  };
  const labels = object.spec?.selector?.matchLabels ?? {};
  const terms = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return terms.length > 0 ? terms.join(',') : undefined;
}
