/**
 * How a release replaces the running one on Kubernetes.
 * - rolling: the Deployment's own RollingUpdate, with maxSurge / maxUnavailable when given.
 * - blue-green: each workload runs as two Deployments, `<name>-blue` and `<name>-green`; the new
 *   release goes to the idle colour, and once it is ready the Service's selector is switched to
 *   it. The old colour is kept running for an instant switch back.
 */
export type KubernetesStrategy =
  { kind: 'rolling'; maxSurge?: string | number; maxUnavailable?: string | number } | { kind: 'blue-green' };

export const COLOR_LABEL = 'deploy-kit.dev/color';
export type Color = 'blue' | 'green';

export function otherColor(color: Color | undefined): Color {
  return color === 'blue' ? 'green' : 'blue';
}
