/** The fields of a Deployment that decide whether its rollout is done. */
export interface DeploymentState {
  name: string;
  generation?: number;
  observedGeneration?: number;
  /** spec.replicas (the API defaults it to 1). */
  desired: number;
  replicas: number;
  updated: number;
  ready: number;
  available: number;
  progressingReason?: string;
}

export type RolloutStatus =
  { kind: 'done'; message: string } | { kind: 'waiting'; message: string } | { kind: 'failed'; message: string };

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export function deploymentState(object: unknown): DeploymentState {
  const o = (object ?? {}) as {
    metadata?: { name?: unknown; generation?: unknown };
    spec?: { replicas?: unknown };
    status?: Record<string, unknown> & { conditions?: unknown };
  };
  const conditions = Array.isArray(o.status?.conditions)
    ? (o.status.conditions as { type?: unknown; reason?: unknown }[])
    : [];
  const progressing = conditions.find((c) => c.type === 'Progressing');
  return {
    name: typeof o.metadata?.name === 'string' ? o.metadata.name : '',
    generation: typeof o.metadata?.generation === 'number' ? o.metadata.generation : undefined,
    observedGeneration: typeof o.status?.observedGeneration === 'number' ? o.status.observedGeneration : undefined,
    desired: typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1,
    replicas: num(o.status?.replicas),
    updated: num(o.status?.updatedReplicas),
    ready: num(o.status?.readyReplicas),
    available: num(o.status?.availableReplicas),
    progressingReason: typeof progressing?.reason === 'string' ? progressing.reason : undefined,
  };
}

/**
 * The rule `kubectl rollout status` applies to a Deployment, in its order and words: the
 * controller has seen the newest spec, the progress deadline has not passed, every replica is
 * updated, no old replica is left, and the updated ones are available; plus (stricter than
 * kubectl) as many ready replicas as desired.
 */
export function rolloutStatus(s: DeploymentState): RolloutStatus {
  if (s.generation !== undefined && (s.observedGeneration === undefined || s.observedGeneration < s.generation)) {
    return { kind: 'waiting', message: `Waiting for deployment spec update to be observed...` };
  }
  if (s.progressingReason === 'ProgressDeadlineExceeded')
    return { kind: 'failed', message: `deployment "${s.name}" exceeded its progress deadline` };
  if (s.updated < s.desired)
    return {
      kind: 'waiting',
      message: `Waiting for deployment "${s.name}" rollout to finish: ${s.updated} out of ${s.desired} new replicas have been updated...`,
    };
  if (s.replicas > s.updated)
    return {
      kind: 'waiting',
      message: `Waiting for deployment "${s.name}" rollout to finish: ${s.replicas - s.updated} old replicas are pending termination...`,
    };
  if (s.available < s.updated)
    return {
      kind: 'waiting',
      message: `Waiting for deployment "${s.name}" rollout to finish: ${s.available} of ${s.updated} updated replicas are available...`,
    };
  if (s.ready < s.desired)
    return {
      kind: 'waiting',
      message: `Waiting for deployment "${s.name}" rollout to finish: ${s.ready} of ${s.desired} replicas are ready...`,
    };
  return { kind: 'done', message: `deployment "${s.name}" successfully rolled out` };
}
