import { serviceFor } from './blue-green';
import { checkCanarySteps, runCanarySteps } from './canary-steps';
import type { KubeClient } from './client';
import type { Runtime } from './connect';
import { DEPLOYMENT, objectPath } from './kinds';
import type { ManifestObject } from './manifests';
import type { KubernetesOutcome, RolloutRequest } from './roll-out';
import { canaryName, type TrafficCanary } from './strategy';
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
 * setting or the manifest: the steps and analysis (checkCanarySteps), the route (an HTTPRoute of the manifests that sends to each
 * workload's Service), and an analysis that can conclude something.
 */
export function checkTrafficCanary(
  strategy: TrafficCanary,
  objects: ManifestObject[],
  workloads: Workload[],
): string[] {
  const problems = checkCanarySteps(strategy);
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
 * A canary by traffic weight (the checks above passed, permissions granted), run by
 * runCanarySteps with the route as its split:
 * - prepared: each workload's Service is pinned to the stable ReplicaSet's pod-template-hash and
 *   `<service>-canary` is created for the canary's pods, so the route's weights are the real split;
 * - at each weight the route's backendRefs are split stable `100 - weight` / canary `weight`
 *   (after the canary's pods are ready); weight 0 takes the canary out of the traffic;
 * - promoted: while the stable Deployments roll, the canary takes all the traffic; then the
 *   Services are unpinned and the weight goes back to the stable side; once the canary is scaled to
 *   zero, the route and Services are as in the manifests.
 */
export function runTrafficCanary(
  client: KubeClient,
  request: RolloutRequest & { strategy: TrafficCanary },
  runtime: Runtime,
  workloads: Workload[],
  objects: ManifestObject[],
  firstRelease: () => Promise<KubernetesOutcome>,
): Promise<KubernetesOutcome> {
  const { strategy, namespace } = request;
  const route = routeOf(strategy, objects) as ManifestObject;
  const splits = splitsOf(objects, workloads)
    .map((s) => s.split)
    .filter((s): s is Split => s !== undefined);
  const serviceNames = splits.map((s) => s.service.name);
  return runCanarySteps(client, request, runtime, workloads, objects, firstRelease, ({ apply, log }) => ({
    // The route and the Services hold the split until the stable Deployments run the new digests.
    held: new Set([route, ...splits.map((s) => s.service)]),
    async prepare() {
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
      return undefined;
    },
    async send(weight, _sizes, using) {
      await apply(weightedRoute(route, serviceNames, weight), using);
      log.info(`canary: route ${route.name} sends ${weight}% to ${serviceNames.map(canaryName).join(', ')}`);
    },
    async restore(using) {
      await apply(route, using);
      for (const split of splits) await apply(split.service, using);
      log.info(`canary: route ${route.name} and service ${serviceNames.join(', ')} are as in the manifests`);
    },
    async promoted() {
      for (const split of splits) await apply(split.service); // unpinned: the new stable pods (and the canary's, the same release)
      await apply(weightedRoute(route, serviceNames, 0));
    },
    words: {
      restored: 'the route sends all traffic to the stable release again and the canary is scaled to zero',
      restoreFailed: (error) => `taking the canary out failed (${error}); check the route ${route.name} by hand`,
      whilePromoting: `the canary keeps all the traffic of route ${route.name}`,
    },
  }));
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
