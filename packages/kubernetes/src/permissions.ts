import type { KubeClient } from './client';
import type { ManifestObject } from './manifests';
import { describePermission, type Permission } from './types';

/**
 * Every permission a rollout uses, per resource: apply needs get, create (server-side apply creates
 * a missing object) and patch on each kind in the manifests; waiting needs list and watch on
 * deployments; explaining a failure needs pods, their logs and events; a canary by traffic weight
 * lists ReplicaSets (the stable one's pod-template-hash). docs/kubernetes.md shows
 * the same list as a Role.
 */
export function requiredPermissions(
  objects: ManifestObject[],
  options: { trafficCanary?: boolean } = {},
): Permission[] {
  const list: Permission[] = [];
  const add = (p: Permission): void => {
    if (!list.some((q) => describePermission(q) === describePermission(p))) list.push(p);
  };
  for (const o of objects)
    for (const verb of ['get', 'create', 'patch']) add({ verb, group: o.info.group, resource: o.info.resource });
  for (const verb of ['get', 'list', 'watch']) add({ verb, group: 'apps', resource: 'deployments' });
  // A traffic canary pins the stable Service to the stable ReplicaSet's pod-template-hash.
  if (options.trafficCanary) add({ verb: 'list', group: 'apps', resource: 'replicasets' });
  add({ verb: 'list', group: '', resource: 'pods' });
  add({ verb: 'get', group: '', resource: 'pods', subresource: 'log' });
  add({ verb: 'list', group: '', resource: 'events' });
  return list;
}

/** Asks the API server (SelfSubjectAccessReview) about each permission; returns the ones missing. */
export async function missingPermissions(
  client: KubeClient,
  namespace: string,
  needed: Permission[],
): Promise<Permission[]> {
  const answers = await Promise.all(
    needed.map(async (p) => {
      const review = {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            namespace,
            verb: p.verb,
            group: p.group,
            resource: p.resource,
            ...(p.subresource ? { subresource: p.subresource } : {}),
          },
        },
      };
      const answer = await client.json({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: JSON.stringify(review),
        // A review is a question, not a stored object: asking twice is safe.
        idempotent: true,
        what: `check permission "${describePermission(p)}"`,
      });
      const allowed = (answer as { status?: { allowed?: unknown } } | null)?.status?.allowed === true;
      return allowed ? undefined : p;
    }),
  );
  return answers.filter((p): p is Permission => p !== undefined);
}
