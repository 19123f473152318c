import { parseWorkloads } from '@deploy-kit/kubernetes/workloads';
import type { ServiceSlot } from '../types';
import { kubernetesLibrary } from './library';

/** Stands in for every service's digest while checking: pinning is pure, only the shape matters. */
const PLACEHOLDER = `placeholder.invalid/check@sha256:${'0'.repeat(64)}`;

/**
 * What deploy would refuse, found before anything is contacted or recorded: the workloads, every
 * manifest against the Kubernetes schemas (file, document, field), each workload's Deployment and
 * container in the manifests, and (config path) a workload for every service of the release.
 */
export async function checkManifests(
  options: { manifests: string; namespace: string; workloads: string; oneImage: boolean },
  services: readonly ServiceSlot[],
): Promise<string[]> {
  const parsed = parseWorkloads(options.workloads);
  if (parsed.kind === 'invalid') return parsed.problems;
  const { formatManifestProblem, loadManifests, pinImages } = await kubernetesLibrary();
  const loaded = await loadManifests(options.manifests, options.namespace);
  if (loaded.kind === 'invalid') return loaded.problems.map(formatManifestProblem);
  const problems: string[] = [];
  if (!options.oneImage) {
    for (const slot of services) {
      if (!parsed.workloads.some((w) => w.service === slot.service))
        problems.push(`service "${slot.service}" has no workload (deployment/NAME:CONTAINER)`);
    }
  }
  const images = Object.fromEntries(parsed.workloads.map((w) => [w.service, PLACEHOLDER]));
  const pinned = pinImages(loaded.objects, parsed.workloads, { version: 'check', images });
  if (pinned.kind === 'invalid') problems.push(...pinned.problems);
  return problems;
}
