import type * as KubernetesLibrary from '@deploy-kit/kubernetes';

/**
 * The Kubernetes library, loaded on first use. It brings the official client and the schema
 * validators (about 20 MB bundled, and a `punycode` deprecation warning from a dependency), so
 * a deploy to an SSH host or a command target must not load it at start: every bundle that can
 * build a target would start slower for everyone. The workloads grammar, checked with the
 * inputs, comes from the light `@deploy-kit/kubernetes/workloads` entry instead.
 */
export function kubernetesLibrary(): Promise<typeof KubernetesLibrary> {
  return import('@deploy-kit/kubernetes');
}
