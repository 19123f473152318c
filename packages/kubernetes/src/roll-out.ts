import { KubeApiError } from './api-error';
import { applyObject, applyOrder } from './apply';
import { checkCanarySteps } from './canary-steps';
import { coloredDeployment, liveColor, otherColor, serviceFor, switchedService } from './blue-green';
import type { KubeClient } from './client';
import { withCluster, type ClusterAccess, type Runtime } from './connect';
import type { Diagnosis } from './diagnose';
import { formatManifestProblem, loadManifests, type ManifestObject } from './manifests';
import { missingPermissions, requiredPermissions } from './permissions';
import { pinImages, type Release } from './pin-images';
import type { CanaryOutcome } from '@deploy-kit/rollout';
import { waitUntilReady } from './ready';
import type { KubernetesStrategy } from './strategy';
import { runReplicaCanary } from './replica-canary';
import { checkTrafficCanary, runTrafficCanary } from './traffic-canary';
import { describePermission, type Permission } from './types';
import { parseWorkloads, type Workload } from './workloads';

export interface RolloutRequest extends ClusterAccess {
  /** The manifests folder (plain YAML). */
  manifests: string;
  /** The `workloads` input: `SERVICE=deployment/NAME:CONTAINER` per line. */
  workloads: string;
  release: Release;
  strategy: KubernetesStrategy;
  /** The whole wait, for all workloads (the deploy-timeout). */
  timeoutMs: number;
  /** Take over fields another field manager owns (server-side apply `force`); default false. */
  forceConflicts?: boolean;
}

export interface WorkloadResult {
  service: string;
  /** The Deployment that now runs the service (`api`, or `api-green` under blue-green). */
  deployment: string;
  imageRef: string;
}

/** A canary (by traffic weight or by replica ratio) that was aborted, as packages/rollout's runCanary reports it. */
export type AbortedCanary = Extract<CanaryOutcome, { outcome: 'aborted' }>;

/**
 * Every way a rollout ends; `invalid` and `bad-kubeconfig` happen before any API call. A canary
 * (either kind) adds `canary` (its steps, for the summary's step table) to `deployed`, and ends in
 * `canary-aborted` when its analysis failed (or was inconclusive under on-inconclusive: fail) or a
 * step could not complete: the canary out of the traffic and scaled to zero, the stable release
 * serving; the release is failed.
 */
export type KubernetesOutcome =
  | { kind: 'deployed'; workloads: WorkloadResult[]; message: string; canary?: CanaryOutcome }
  | { kind: 'canary-aborted'; canary: AbortedCanary; message: string }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'bad-kubeconfig'; message: string }
  | { kind: 'forbidden'; missing: Permission[]; message: string }
  | { kind: 'api-error'; status: number; reason: string; message: string }
  | { kind: 'unhealthy'; deployment: string; why: 'failed' | 'timeout'; message: string; diagnoses: Diagnosis[] };

/**
 * Puts a release on the cluster: check everything that can be checked offline (workloads, the
 * manifests against the schemas, the digests), then the permissions (SelfSubjectAccessReview),
 * then server-side apply and wait as `kubectl rollout status` does. A rollback is the same call
 * with the previous release's digests.
 */
export async function rollOut(request: RolloutRequest, runtime: Runtime): Promise<KubernetesOutcome> {
  const parsed = parseWorkloads(request.workloads);
  if (parsed.kind === 'invalid') return { kind: 'invalid', problems: parsed.problems };
  const loaded = await loadManifests(request.manifests, request.namespace);
  if (loaded.kind === 'invalid') return { kind: 'invalid', problems: loaded.problems.map(formatManifestProblem) };
  let objects = loaded.objects;
  if (request.strategy.kind === 'rolling') objects = withRollingSettings(objects, parsed.workloads, request.strategy);
  const pinned = pinImages(objects, parsed.workloads, request.release);
  if (pinned.kind === 'invalid') return { kind: 'invalid', problems: pinned.problems };
  if (request.strategy.kind === 'canary') {
    const problems =
      request.strategy.by === 'traffic'
        ? checkTrafficCanary(request.strategy, pinned.objects, parsed.workloads)
        : checkCanarySteps(request.strategy);
    if (problems.length > 0) return { kind: 'invalid', problems };
  }
  if (request.strategy.kind === 'blue-green') {
    const missing = parsed.workloads
      .map((w) => pinned.objects.find((o) => o.info.kind === 'Deployment' && o.name === w.name))
      .filter((d): d is ManifestObject => d !== undefined && !serviceFor(pinned.objects, d))
      .map(
        (d) =>
          `blue-green: Deployment "${d.name}" (${d.file}) has no Service in the manifests whose selector picks its pods`,
      );
    if (missing.length > 0) return { kind: 'invalid', problems: missing };
  }

  try {
    const connected = await withCluster(request, runtime, (client) =>
      applyAndWait(client, request, runtime, parsed.workloads, pinned.objects),
    );
    return connected.kind === 'bad-kubeconfig' ? connected : connected.value;
  } catch (error) {
    if (error instanceof KubeApiError)
      return { kind: 'api-error', status: error.status, reason: error.reason, message: error.message };
    throw error;
  }
}

function withRollingSettings(
  objects: ManifestObject[],
  workloads: Workload[],
  strategy: { maxSurge?: string | number; maxUnavailable?: string | number },
): ManifestObject[] {
  if (strategy.maxSurge === undefined && strategy.maxUnavailable === undefined) return objects;
  return objects.map((o) => {
    if (o.info.kind !== 'Deployment' || !workloads.some((w) => w.name === o.name)) return o;
    const object = structuredClone(o.object);
    const spec = object.spec as { strategy?: { type?: string; rollingUpdate?: Record<string, unknown> } };
    spec.strategy = {
      type: 'RollingUpdate',
      rollingUpdate: {
        ...spec.strategy?.rollingUpdate,
        ...(strategy.maxSurge !== undefined ? { maxSurge: strategy.maxSurge } : {}),
        ...(strategy.maxUnavailable !== undefined ? { maxUnavailable: strategy.maxUnavailable } : {}),
      },
    };
    return { ...o, object };
  });
}

async function applyAndWait(
  client: KubeClient,
  request: RolloutRequest,
  runtime: Runtime,
  workloads: Workload[],
  objects: ManifestObject[],
  /** Permissions were already checked (a canary's first release, which goes out whole). */
  permitted = false,
): Promise<KubernetesOutcome> {
  const { log, clock } = runtime;
  const { namespace } = request;
  const blueGreen = request.strategy.kind === 'blue-green';

  // Permissions first, before any other call: the kinds of the manifests (a canary's promotion is
  // a release of the manifests too); a canary by traffic also lists ReplicaSets.
  const trafficCanary = request.strategy.kind === 'canary' && request.strategy.by === 'traffic';
  const missing = permitted
    ? []
    : await missingPermissions(client, namespace, requiredPermissions(objects, { trafficCanary }));
  if (missing.length > 0) {
    const list = missing.map(describePermission).join(', ');
    return {
      kind: 'forbidden',
      missing,
      message: `the kubeconfig's user may not ${list} in namespace "${namespace}"; grant the Role in docs/kubernetes.md`,
    };
  }

  if (request.strategy.kind === 'canary') {
    // A release the canary does not run (the first one, or one the stable side already runs) goes
    // out as a plain rolling release, its permissions already checked.
    const whole = (): Promise<KubernetesOutcome> =>
      applyAndWait(client, { ...request, strategy: { kind: 'rolling' } }, runtime, workloads, objects, true);
    const strategy = request.strategy;
    return strategy.by === 'traffic'
      ? runTrafficCanary(client, { ...request, strategy }, runtime, workloads, objects, whole)
      : runReplicaCanary(client, { ...request, strategy }, runtime, workloads, objects, whole);
  }

  // Blue-green: each workload's Deployment goes out under the idle colour; its Service waits.
  const switches: { service: ManifestObject; color: 'blue' | 'green' }[] = [];
  let toApply = objects;
  const deploymentNames = new Map<string, string>();
  if (blueGreen) {
    toApply = [];
    const held = new Set<ManifestObject>();
    for (const object of objects) {
      const workload = workloads.find((w) => object.info.kind === 'Deployment' && w.name === object.name);
      if (!workload) continue;
      const service = serviceFor(objects, object) as ManifestObject;
      const color = otherColor(await liveColor(client, namespace, service.name));
      log.info(`blue-green: ${service.name} goes to ${color} (deployment ${object.name}-${color})`);
      toApply.push(coloredDeployment(object, color));
      deploymentNames.set(object.name, `${object.name}-${color}`);
      switches.push({ service: switchedService(service, color), color });
      held.add(object);
      held.add(service);
    }
    toApply.push(...objects.filter((o) => !held.has(o)));
  }

  for (const object of applyOrder(toApply)) {
    await applyObject(client, namespace, object, request.forceConflicts ?? false);
    log.info(`applied ${object.info.kind} ${object.name}`);
  }

  const notReady = await waitUntilReady(
    client,
    workloads.map((w) => deploymentNames.get(w.name) ?? w.name),
    { namespace, deadline: clock.now() + request.timeoutMs, clock, log, pollMs: runtime.pollMs },
  );
  if (notReady) return notReady;

  for (const { service, color } of switches) {
    await applyObject(client, namespace, service, request.forceConflicts ?? false);
    log.info(`blue-green: service ${service.name} now selects ${color}`);
  }

  const results = workloads.map((w) => ({
    service: w.service,
    deployment: deploymentNames.get(w.name) ?? w.name,
    imageRef: request.release.images[w.service] ?? '',
  }));
  return {
    kind: 'deployed',
    workloads: results,
    message: `${request.release.version} is rolled out to namespace ${namespace}: ${results.map((r) => `${r.service} on deployment/${r.deployment}`).join(', ')}`,
  };
}
