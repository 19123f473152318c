/**
 * How a release replaces the running one on Kubernetes.
 * - rolling: the Deployment's own RollingUpdate, with maxSurge / maxUnavailable when given.
 * - blue-green: each workload runs as two Deployments, `<name>-blue` and `<name>-green`; the new
 *   release goes to the idle colour, and once it is ready the Service's selector is switched to
 *   it. The old colour is kept running for an instant switch back.
 * - canary: by replica ratio. The new release runs as `<name>-canary`, whose pods carry the
 *   workload's labels (so its Service sends them their share of traffic) plus
 *   `deploy-kit.dev/track: canary`, with round(replicas × weightPercent / 100) replicas (at least
 *   one) beside the untouched stable Deployment. Promotion is a rolling release of the same
 *   images followed by `retireCanary`; abandoning it is `retireCanary` alone.
 */
export type KubernetesStrategy =
  | { kind: 'rolling'; maxSurge?: string | number; maxUnavailable?: string | number }
  | { kind: 'blue-green' }
  | { kind: 'canary'; weightPercent: number };

/** Pods of a canary carry this label (`canary`) on top of the workload's own labels. */
export const TRACK_LABEL = 'deploy-kit.dev/track';

export const COLOR_LABEL = 'deploy-kit.dev/color';
export type Color = 'blue' | 'green';

export function otherColor(color: Color | undefined): Color {
  return color === 'blue' ? 'green' : 'blue';
}
