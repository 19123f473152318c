import { analyseStep, runCanary, type CanaryOutcome, type CanaryPorts } from '@deploy-kit/rollout';
import { KubeApiError } from './api-error';
import { applyObject, applyOrder } from './apply';
import { canaryDeployment, canaryReplicas } from './canary';
import type { KubeClient } from './client';
import type { Runtime } from './connect';
import { DEPLOYMENT, objectPath } from './kinds';
import type { ManifestObject } from './manifests';
import { waitUntilReady, type NotReady } from './ready';
import type { KubernetesOutcome, RolloutRequest } from './roll-out';
import { analysisSettings, canaryName, type ReplicaCanary, type TrafficCanary } from './strategy';
import type { Workload } from './workloads';

type StepCanary = ReplicaCanary | TrafficCanary;

/** The cluster as a canary's split sees it: applies and waits in the rollout's namespace and deadline. */
export interface CanaryCluster {
  log: Runtime['log'];
  apply(object: ManifestObject, using?: KubeClient): Promise<void>;
  /** Scales every canary Deployment that has pods to zero and waits for them to go. */
  scaleCanaryToZero(using: KubeClient): Promise<void>;
}

/** One workload's sizes at a step: the stable Deployment's replicas and the canary's. */
export interface StepSize {
  deployment: string;
  stable: number;
  canary: number;
}

/**
 * What tells the two Kubernetes canaries apart: how a step's weight becomes the canary's share of
 * the traffic. By traffic weight, the route's backendRefs are split; by replica ratio, the
 * canary's pods beside the stable ones are the share, so there is nothing more to set.
 */
export interface CanarySplit {
  /** Objects of the manifests that hold the split: the promotion applies them only in `promoted`. */
  held: ReadonlySet<ManifestObject>;
  /** Once the stable release is settled, before the first step; an outcome stops before any canary pod. */
  prepare(): Promise<KubernetesOutcome | undefined>;
  /**
   * Sends `weight` percent to the canary: after its Deployments are ready at that size (weight >
   * 0), or to take it out of the traffic (0, which must work after a cancel: `using` is bounded
   * by the deploy timeout, not the run's signal).
   */
  send(weight: number, sizes: StepSize[], using: KubeClient): Promise<void>;
  /** After the canary is scaled to zero: what `prepare` and `send` changed, as in the manifests. */
  restore(using: KubeClient): Promise<void>;
  /** After the stable Deployments run the new digests, before the canary is scaled to zero. */
  promoted(): Promise<void>;
  /** For messages: how the traffic stands after an abort, or while the stable side is promoted. */
  words: { restored: string; restoreFailed: (error: string) => string; whilePromoting: string };
}

/**
 * Everything about a canary's steps that can be checked offline, each problem naming the setting:
 * the steps, the pause, and an analysis that can conclude something.
 */
export function checkCanarySteps(strategy: StepCanary): string[] {
  const problems: string[] = [];
  const { steps } = strategy;
  const stepsOk =
    steps.length > 0 &&
    steps.every((w, i) => Number.isInteger(w) && w >= 1 && w <= 100 && (i === 0 || w > (steps[i - 1] ?? 0))) &&
    steps.at(-1) === 100;
  if (!stepsOk)
    problems.push(
      `canary steps [${steps.join(', ')}]: expected whole percentages from 1 to 100, growing, the last one 100 (e.g. [10, 50, 100])`,
    );
  if (!(Number.isFinite(strategy.pauseMs) && strategy.pauseMs >= 0))
    problems.push(`canary pause ${strategy.pauseMs} ms: expected a duration of 0 or more`);
  const { analysis } = strategy;
  if (analysis.metrics.length > 0 && !analysis.prometheus)
    problems.push('canary analysis: metrics need a Prometheus URL (analysis.prometheus)');
  if (analysis.metrics.length === 0 && !analysis.health)
    problems.push(
      'canary analysis: nothing to measure (no metrics and no health check), so every step would be inconclusive; set metrics or health',
    );
  return problems;
}

/**
 * A canary of either kind (its checks passed, permissions granted), the split told apart by
 * `splitFor`:
 * 1. the stable release must run; with no stable Deployment yet, the release goes out whole
 *    (`firstRelease`), as Argo Rollouts does, since there is nothing to compare against; so does a
 *    release whose images the stable Deployment already runs (a rollback after an abort);
 * 2. the stable Deployments are waited for and their replicas read (an HPA may have scaled them),
 *    then the split is prepared;
 * 3. runCanary walks the steps: at each weight the canary Deployment gets round(stable × weight /
 *    100) replicas (at least one) and must be ready before the split sends it traffic, then the
 *    pause and analyseStep; an abort takes the traffic away and scales the canary to zero;
 * 4. promoted: the manifests are applied with the new digests (the stable Deployments roll to
 *    them, waited), then the split is undone and the canary is scaled to zero.
 */
export async function runCanarySteps(
  client: KubeClient,
  request: RolloutRequest & { strategy: StepCanary },
  runtime: Runtime,
  workloads: Workload[],
  objects: ManifestObject[],
  firstRelease: () => Promise<KubernetesOutcome>,
  splitFor: (cluster: CanaryCluster) => CanarySplit,
): Promise<KubernetesOutcome> {
  const { log, clock, signal } = runtime;
  const { namespace, strategy } = request;
  const deployments = canaryDeployments(objects, workloads);
  const stableNames = deployments.map((d) => d.name);
  const canaryNames = stableNames.map(canaryName);
  const apply = (object: ManifestObject, using = client): Promise<void> =>
    applyObject(using, namespace, object, request.forceConflicts ?? false);
  const waitFor = (names: string[], using = client): Promise<NotReady | undefined> =>
    waitUntilReady(using, names, {
      namespace,
      deadline: clock.now() + request.timeoutMs,
      clock,
      log,
      pollMs: runtime.pollMs,
    });

  const absent: string[] = [];
  let sameImages = true;
  for (const deployment of deployments) {
    const live = await liveDeployment(client, namespace, deployment.name);
    if (!live) absent.push(deployment.name);
    else if (JSON.stringify(live.images) !== JSON.stringify(imagesOf(deployment.object))) sameImages = false;
  }
  if (absent.length > 0) {
    log.info(
      `canary: no stable release runs yet (deployment ${absent.join(', ')}); this first release goes out whole, as there is nothing to compare it with`,
    );
    return firstRelease();
  }
  if (sameImages) {
    // E.g. a rollback after an aborted canary: the stable side already runs these digests.
    log.info(`canary: the stable release already runs these images; it is applied as it is, with no canary`);
    return firstRelease();
  }
  const stableNotReady = await waitFor(stableNames);
  if (stableNotReady)
    return {
      ...stableNotReady,
      message: `the stable release is not ready, so no canary was started: ${stableNotReady.message}`,
    };
  // The sizes come from the cluster, not the manifests: an HPA may own the stable replicas.
  const stableReplicas = new Map<string, number>();
  for (const deployment of deployments) {
    const live = await liveDeployment(client, namespace, deployment.name);
    stableReplicas.set(deployment.name, live?.replicas ?? 1);
  }

  const cluster: CanaryCluster = {
    log,
    apply,
    async scaleCanaryToZero(using) {
      const scaled: string[] = [];
      for (const deployment of deployments) {
        const name = canaryName(deployment.name);
        const live = await liveDeployment(using, namespace, name);
        if (!live || live.replicas === 0) continue; // never created, or already taken out
        await apply(withoutReplicas(canaryDeployment(deployment, 1)), using);
        scaled.push(name);
      }
      const notReady = await waitFor(scaled, using);
      if (notReady) throw new Error(`scaling the canary to zero: ${notReady.message}`);
      if (scaled.length > 0) log.info(`canary: deployment ${scaled.join(', ')} scaled to zero`);
    },
  };
  const split = splitFor(cluster);
  const prepared = await split.prepare();
  if (prepared) return prepared;

  // Taking the canary out must work after the job was cancelled too (runCanary restores without
  // the run's signal), so it uses a client of its own, bounded by the deploy timeout instead.
  const restoring = (): KubeClient => client.withSignal(AbortSignal.timeout(request.timeoutMs));
  const retire = async (using: KubeClient): Promise<void> => {
    await cluster.scaleCanaryToZero(using);
    await split.restore(using);
  };

  const ports: CanaryPorts = {
    async setWeight(weight) {
      if (weight === 0) {
        // Only ever set to take the canary out (steps start at 1): it must work after a cancel.
        await split.send(0, [], restoring());
        return;
      }
      const sizes = deployments.map((d) => {
        const stable = stableReplicas.get(d.name) ?? 1;
        return { deployment: d.name, stable, canary: canaryReplicas(stable, weight) };
      });
      for (const [i, deployment] of deployments.entries())
        await apply(canaryDeployment(deployment, sizes[i]?.canary ?? 1));
      const notReady = await waitFor(canaryNames);
      if (notReady) throw new Error(`the canary did not become ready for ${weight}%: ${notReady.message}`);
      await split.send(weight, sizes, client);
    },
    async analyse(step, stepSignal) {
      const analysis = await analyseStep(analysisSettings(strategy.analysis), {
        clock,
        log,
        signal: stepSignal ?? signal,
      });
      runtime.canaryStep?.({ ...step, steps: strategy.steps.length, analysis });
      return analysis;
    },
    stopCanary: () => retire(restoring()),
  };
  const outcome = await runCanary({ steps: strategy.steps, pauseMs: strategy.pauseMs }, ports, { clock, log, signal });
  if (outcome.outcome === 'aborted') {
    const weight = outcome.steps.at(-1)?.weight;
    const restored =
      outcome.restore.kind === 'restored' ? split.words.restored : split.words.restoreFailed(outcome.restore.error);
    return {
      kind: 'canary-aborted',
      canary: outcome,
      message: `the canary of ${request.release.version} was aborted at step ${outcome.atStep}${weight === undefined ? '' : ` (${weight}%)`}: ${outcome.reason.replace(/\.$/, '')}; ${restored}`,
    };
  }
  return promote(outcome);

  async function promote(canary: CanaryOutcome): Promise<KubernetesOutcome> {
    // The canary keeps its share of the traffic while the stable Deployments roll to the new digests.
    for (const object of applyOrder(objects.filter((o) => !split.held.has(o)))) {
      await apply(object);
      log.info(`applied ${object.info.kind} ${object.name}`);
    }
    const notReady = await waitFor(stableNames);
    if (notReady)
      return { ...notReady, message: `promoting the canary: ${notReady.message}; ${split.words.whilePromoting}` };
    await split.promoted();
    await retire(client);
    const results = workloads.map((w) => ({
      service: w.service,
      deployment: w.name,
      imageRef: request.release.images[w.service] ?? '',
    }));
    return {
      kind: 'deployed',
      workloads: results,
      canary,
      message: `${request.release.version} passed its canary (${strategy.steps.map((s) => `${s}%`).join(', ')}) and is rolled out to namespace ${namespace}: ${results.map((r) => `${r.service} on deployment/${r.deployment}`).join(', ')}`,
    };
  }
}

/** The manifests' Deployment of each workload, once each (pinImages already refused a missing one). */
export function canaryDeployments(objects: ManifestObject[], workloads: Workload[]): ManifestObject[] {
  return [...new Set(workloads.map((w) => w.name))]
    .map((name) => objects.find((o) => o.info.kind === 'Deployment' && o.name === name))
    .filter((d): d is ManifestObject => d !== undefined);
}

/**
 * The canary Deployment as deploy-kit applies it at each step, with no replicas: the same fields
 * and template (no new rollout), so scaling to zero takes over nothing another manager set.
 */
function withoutReplicas(canary: ManifestObject): ManifestObject {
  (canary.object.spec as { replicas?: number }).replicas = 0;
  return canary;
}

/** Container name -> image of a Deployment's pod template, in the template's order. */
function imagesOf(object: unknown): [string, string][] {
  const containers =
    (object as { spec?: { template?: { spec?: { containers?: { name?: string; image?: string }[] } } } }).spec?.template
      ?.spec?.containers ?? [];
  return containers.map((c) => [c.name ?? '', c.image ?? '']);
}

/** The live Deployment's images and desired replicas, or undefined when it does not exist. */
async function liveDeployment(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<{ images: [string, string][]; replicas: number } | undefined> {
  try {
    const live = await client.json({
      method: 'GET',
      path: objectPath(DEPLOYMENT, namespace, name),
      idempotent: true,
      what: `get deployment ${name}`,
    });
    // An absent spec.replicas means 1 to the API server.
    return { images: imagesOf(live), replicas: (live as { spec?: { replicas?: number } }).spec?.replicas ?? 1 };
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}
