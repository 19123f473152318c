import { ANNOTATIONS } from './annotations';
import type { ManifestObject } from './manifests';
import { describeWorkload, type Workload } from './workloads';

/** What is being rolled out: the image of every service, pinned by digest, and where it is recorded. */
export interface Release {
  version: string;
  /** Service name -> `repository@sha256:<64 hex>`. */
  images: Record<string, string>;
  /** The GitHub deployment (ledger entry) this rollout belongs to, when one was recorded. */
  githubDeploymentId?: number;
}

export type PinResult = { kind: 'ok'; objects: ManifestObject[] } | { kind: 'invalid'; problems: string[] };

const PINNED = /^[^@\s]+@sha256:[0-9a-f]{64}$/;

function containersOf(object: Record<string, unknown>): Record<string, unknown>[] {
  const spec = object.spec as { template?: { spec?: { containers?: unknown } } } | undefined;
  const list = spec?.template?.spec?.containers;
  return Array.isArray(list)
    ? (list.filter((c) => typeof c === 'object' && c !== null) as Record<string, unknown>[])
    : [];
}

/**
 * Copies the manifests with each service's container image set to its digest-pinned reference,
 * and each touched Deployment annotated with the release version, its images and the GitHub
 * deployment id. Pure: a problem (a workload missing from the manifests, an unpinned image) is
 * returned, nothing is sent.
 */
export function pinImages(objects: ManifestObject[], workloads: Workload[], release: Release): PinResult {
  const problems: string[] = [];
  const copies = objects.map((o) => ({ ...o, object: structuredClone(o.object) }));
  const imagesByDeployment = new Map<string, Record<string, string>>();
  for (const workload of workloads) {
    const imageRef = release.images[workload.service];
    if (imageRef === undefined) {
      problems.push(`service "${workload.service}" has no image in this release`);
      continue;
    }
    if (!PINNED.test(imageRef)) {
      problems.push(
        `service "${workload.service}": image "${imageRef}" is not pinned by digest (expected repository@sha256:<64 hex>)`,
      );
      continue;
    }
    const target = copies.find((o) => o.info.kind === 'Deployment' && o.name === workload.name);
    if (!target) {
      problems.push(
        `workload ${describeWorkload(workload)} (service "${workload.service}"): the manifests hold no Deployment "${workload.name}"`,
      );
      continue;
    }
    const container = containersOf(target.object).find((c) => c.name === workload.container);
    if (!container) {
      const names = containersOf(target.object).map((c) => String(c.name));
      problems.push(
        `workload ${describeWorkload(workload)}: Deployment "${workload.name}" (${target.file}) has no container "${workload.container}"; it has ${names.join(', ') || 'none'}`,
      );
      continue;
    }
    container.image = imageRef;
    const images = imagesByDeployment.get(workload.name) ?? {};
    images[workload.service] = imageRef;
    imagesByDeployment.set(workload.name, images);
  }
  for (const copy of copies) {
    const images = imagesByDeployment.get(copy.name);
    if (copy.info.kind !== 'Deployment' || !images) continue;
    const metadata = (copy.object.metadata ?? {}) as Record<string, unknown>;
    const annotations = { ...((metadata.annotations ?? {}) as Record<string, string>) };
    annotations[ANNOTATIONS.version] = release.version;
    annotations[ANNOTATIONS.images] = JSON.stringify(images);
    if (release.githubDeploymentId !== undefined)
      annotations[ANNOTATIONS.deploymentId] = String(release.githubDeploymentId);
    metadata.annotations = annotations;
    copy.object.metadata = metadata;
  }
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', objects: copies };
}
