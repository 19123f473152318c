import { analyseStep, runCanary, type CanaryOutcome, type CanaryPorts } from '@deploy-kit/rollout';
import { KubeApiError } from './api-error';
import { applyObject, applyOrder } from './apply';
import { serviceFor } from './blue-green';
import { canaryDeployment } from './canary';
import type { KubeClient } from './client';
import type { Runtime } from './connect';
import { DEPLOYMENT, objectPath } from './kinds';
import type { ManifestObject } from './manifests';
import { waitUntilReady, type NotReady } from './ready';
import type { KubernetesOutcome, RolloutRequest } from './roll-out';
import { analysisSettings, canaryName, type TrafficCanary } from './strategy';
import { canaryService, pinnedService, POD_TEMPLATE_HASH, refersTo, weightedRoute } from './traffic-route';
import type { Workload } from './workloads';

/** One workload under a traffic canary: its Deployment and the Service the route sends to. */
interface Split {
  deployment: ManifestObject;
  service: ManifestObject;
}

function routeOf(strategy: TrafficCanary, objects: ManifestObject[]): ManifestObject | undefined {
  return objects.find((o) => o.info.kind === strategy.route.kind && o.name === strategy.route.name);
}

function splitsOf(objects: ManifestObject[], workloads: Workload[]): { split?: Split; deployment?: ManifestObject }[] {
  const names = [...new Set(workloads.map((w) => w.name))];
  return names.map((name) => {
    const deployment = objects.find((o) => o.info.kind === 'Deployment' && o.name === name);
    const service = deployment ? serviceFor(objects, deployment) : undefined;
    return { deployment, split: deployment && service ? { deployment, service } : undefined };
  });
}

/**
 * Everything about a canary by traffic weight that can be checked offline, each problem naming the
 * setting or the manifest: the steps, the route (an HTTPRoute of the manifests that sends to each
 * workload's Service), and an analysis that can conclude something.
 */
export function checkTrafficCanary(
  strategy: TrafficCanary,
  objects: ManifestObject[],
  workloads: Workload[],
): string[] {
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
  const route = routeOf(strategy, objects);
  if (!route) {
    const routes = objects.filter((o) => o.info.kind === 'HTTPRoute').map((o) => `"${o.name}"`);
    problems.push(
      `canary route: HTTPRoute "${strategy.route.name}" is not in the manifests (${routes.length > 0 ? `they hold ${routes.join(', ')}` : 'they hold no HTTPRoute'})`,
    );
  }
  for (const { deployment, split } of splitsOf(objects, workloads)) {
    if (!deployment) continue; // pinImages already reported the missing Deployment
    if (!split) {
      problems.push(
        `canary by traffic: Deployment "${deployment.name}" (${deployment.file}) has no Service in the manifests whose selector picks its pods`,
      );
      continue;
    }
    if (route && !refersTo(route, split.service.name))
      problems.push(
        `canary route: HTTPRoute "${route.name}" (${route.file}) has no backendRef to Service "${split.service.name}" (the Service of Deployment "${deployment.name}"), so there is no traffic to split`,
      );
    const twin = objects.find((o) => o.info.kind === 'Service' && o.name === canaryName(split.service.name));
    if (twin)
      problems.push(
        `canary by traffic: the manifests already hold a Service "${twin.name}" (${twin.file}); deploy-kit creates it for the canary's pods`,
      );
  }
  return problems;
}

/**
 * A canary by traffic weight (the checks above passed, permissions granted):
 * 1. the stable release must run; with no stable Deployment yet, the release goes out whole
 *    (`firstRelease`), as Argo Rollouts does, since there is nothing to compare against; so does a
 *    release whose images the stable Deployment already runs (a rollback after an abort);
 * 2. the stable Deployments are waited for, then each workload's Service is pinned to the stable
 *    ReplicaSet's pod-template-hash and `<service>-canary` is created for the canary's pods;
 * 3. runCanary walks the steps: at each weight the canary Deployment gets its share of the
 *    replicas (ready before any traffic), then the route's weights are applied, then the pause and
 *    analyseStep; an abort sets the weight back to 0 and scales the canary to zero;
 * 4. promoted: the manifests are applied with the new digests (the stable Deployment rolls to
 *    them while the canary takes all the traffic), the Service is unpinned, the weight goes back
 *    to the stable side, the canary is scaled to zero and the route is as in the manifests again.
 */
export async function runTrafficCanary(
  client: KubeClient,
  request: RolloutRequest & { strategy: TrafficCanary },
  runtime: Runtime,
  workloads: Workload[],
  objects: ManifestObject[],
  firstRelease: () => Promise<KubernetesOutcome>,
): Promise<KubernetesOutcome> {
  const { log, clock, signal } = runtime;
  const { namespace, strategy } = request;
  const route = routeOf(strategy, objects) as ManifestObject;
  const splits = splitsOf(objects, workloads)
    .map((s) => s.split)
    .filter((s): s is Split => s !== undefined);
  const stableNames = splits.map((s) => s.deployment.name);
  const canaryNames = stableNames.map(canaryName);
  const serviceNames = splits.map((s) => s.service.name);
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
  for (const split of splits) {
    const live = await liveImages(client, namespace, split.deployment.name);
    if (!live) absent.push(split.deployment.name);
    else if (JSON.stringify(live) !== JSON.stringify(imagesOf(split.deployment.object))) sameImages = false;
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

  for (const split of splits) {
    const hash = await stableHash(client, namespace, split.deployment.name);
    if (!hash)
      return {
        kind: 'unhealthy',
        deployment: split.deployment.name,
        why: 'failed',
        message: `no single ReplicaSet of deployment "${split.deployment.name}" has replicas, so its pods cannot be told from the canary's; no canary was started`,
        diagnoses: [],
      };
    await apply(canaryService(split.service));
    await apply(pinnedService(split.service, hash));
    log.info(`canary: service ${split.service.name} pinned to the stable pods (${POD_TEMPLATE_HASH}=${hash})`);
  }

  // Taking the canary out must work after the job was cancelled too (runCanary restores without
  // the run's signal), so it uses a client of its own, bounded by the deploy timeout instead.
  const restoring = (): KubeClient => client.withSignal(AbortSignal.timeout(request.timeoutMs));

  /** Scales the canary to zero and waits for its pods to go, then the route and Services as in the manifests. */
  const retire = async (using: KubeClient): Promise<void> => {
    const scaled: string[] = [];
    for (const split of splits) {
      const name = canaryName(split.deployment.name);
      if (!(await liveImages(using, namespace, name))) continue; // never created: nothing to scale
      await apply(withoutReplicas(canaryDeployment(split.deployment, 1)), using);
      scaled.push(name);
    }
    const notReady = await waitFor(scaled, using);
    if (notReady) throw new Error(`scaling the canary to zero: ${notReady.message}`);
    await apply(route, using);
    for (const split of splits) await apply(split.service, using);
    log.info(
      `canary: scaled to zero; route ${route.name} and service ${serviceNames.join(', ')} are as in the manifests`,
    );
  };

  const ports: CanaryPorts = {
    async setWeight(weight) {
      if (weight > 0) {
        for (const split of splits) await apply(canaryDeployment(split.deployment, weight));
        const notReady = await waitFor(canaryNames);
        if (notReady) throw new Error(`the canary did not become ready for ${weight}%: ${notReady.message}`);
      }
      // Weight 0 is only ever set to take the canary out (steps start at 1): it must work after a cancel.
      await apply(weightedRoute(route, serviceNames, weight), weight === 0 ? restoring() : client);
      log.info(`canary: route ${route.name} sends ${weight}% to ${serviceNames.map(canaryName).join(', ')}`);
    },
    analyse: (_step, stepSignal) =>
      analyseStep(analysisSettings(strategy.analysis), { clock, log, signal: stepSignal ?? signal }),
    stopCanary: () => retire(restoring()),
  };
  const outcome = await runCanary({ steps: strategy.steps, pauseMs: strategy.pauseMs }, ports, { clock, log, signal });
  if (outcome.outcome === 'aborted') {
    const weight = outcome.steps.at(-1)?.weight;
    const restored =
      outcome.restore.kind === 'restored'
        ? 'the route sends all traffic to the stable release again and the canary is scaled to zero'
        : `taking the canary out failed (${outcome.restore.error}); check the route ${route.name} by hand`;
    return {
      kind: 'canary-aborted',
      canary: outcome,
      message: `the canary of ${request.release.version} was aborted at step ${outcome.atStep}${weight === undefined ? '' : ` (${weight}%)`}: ${outcome.reason.replace(/\.$/, '')}; ${restored}`,
    };
  }
  return promote(outcome);

  async function promote(canary: CanaryOutcome): Promise<KubernetesOutcome> {
    // The canary takes all the traffic while the stable Deployments roll to the new digests; the
    // Services keep their pin and the route its weights until then.
    const held = new Set<ManifestObject>([route, ...splits.map((s) => s.service)]);
    for (const object of applyOrder(objects.filter((o) => !held.has(o)))) {
      await apply(object);
      log.info(`applied ${object.info.kind} ${object.name}`);
    }
    const notReady = await waitFor(stableNames);
    if (notReady)
      return {
        ...notReady,
        message: `promoting the canary: ${notReady.message}; the canary keeps all the traffic of route ${route.name}`,
      };
    for (const split of splits) await apply(split.service); // unpinned: the new stable pods (and the canary's, the same release)
    await apply(weightedRoute(route, serviceNames, 0));
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

/** The live Deployment's images, or undefined when it does not exist. */
async function liveImages(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<[string, string][] | undefined> {
  try {
    return imagesOf(
      await client.json({
        method: 'GET',
        path: objectPath(DEPLOYMENT, namespace, name),
        idempotent: true,
        what: `get deployment ${name}`,
      }),
    );
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * The pod-template-hash of the one ReplicaSet of `deployment` that has replicas (after a finished
 * rollout there is exactly one); undefined otherwise.
 */
async function stableHash(client: KubeClient, namespace: string, deployment: string): Promise<string | undefined> {
  const live = (await client.json({
    method: 'GET',
    path: objectPath(DEPLOYMENT, namespace, deployment),
    idempotent: true,
    what: `get deployment ${deployment}`,
  })) as { spec?: { selector?: { matchLabels?: Record<string, string> } } };
  const labelSelector = Object.entries(live.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = (await client.json({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`,
    query: { labelSelector },
    idempotent: true,
    what: `list replicasets of deployment ${deployment}`,
  })) as {
    items?: {
      metadata?: { labels?: Record<string, string>; ownerReferences?: { kind?: string; name?: string }[] };
      spec?: { replicas?: number };
    }[];
  };
  const active = (list.items ?? []).filter(
    (rs) =>
      (rs.spec?.replicas ?? 0) > 0 &&
      (rs.metadata?.ownerReferences ?? []).some((o) => o.kind === 'Deployment' && o.name === deployment),
  );
  return active.length === 1 ? active[0]?.metadata?.labels?.[POD_TEMPLATE_HASH] : undefined;
}
