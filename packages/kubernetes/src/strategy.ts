import type { AnalysisSettings } from '@deploy-kit/rollout';

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
  | ReplicaCanary
  | TrafficCanary;

/** Canary by replica ratio (above); `by` may be left out, as before traffic canaries existed. */
export interface ReplicaCanary {
  kind: 'canary';
  by?: 'replicas';
  weightPercent: number;
}

/**
 * Canary by traffic weight through a Gateway API HTTPRoute of the manifests (see traffic-canary.ts):
 * the new release runs as `<name>-canary` behind its own Service `<service>-canary`; the route's
 * backendRefs to the workload's Service are split stable/canary at each of `steps`, each step
 * analysed by packages/rollout's analyseStep. At 100 the stable Deployment gets the new digests,
 * the traffic goes back to it and the canary is scaled to zero; an abort puts the weight back to 0
 * and scales the canary to zero, so the stable release keeps serving.
 */
export interface TrafficCanary {
  kind: 'canary';
  by: 'traffic';
  route: TrafficRoute;
  /** Canary weights in percent, growing, ending at 100, e.g. [10, 50, 100]. */
  steps: number[];
  /** Wait at each step after its weight is set, before its analysis. */
  pauseMs: number;
  analysis: TrafficAnalysis;
}

/** The route whose weights deploy-kit sets: an object of the manifests folder. */
export interface TrafficRoute {
  kind: 'HTTPRoute';
  /** metadata.name of the HTTPRoute in the manifests. */
  name: string;
}

/**
 * packages/rollout's AnalysisSettings, with Argo Rollouts' defaults for what may be left out:
 * failureLimit 0, onInconclusive 'fail' (no data is never a pass), count 1, intervalMs 30 s.
 */
export type TrafficAnalysis = Omit<AnalysisSettings, 'failureLimit' | 'onInconclusive' | 'count' | 'intervalMs'> &
  Partial<Pick<AnalysisSettings, 'failureLimit' | 'onInconclusive' | 'count' | 'intervalMs'>>;

/** The full settings analyseStep takes, defaults filled. */
export function analysisSettings(analysis: TrafficAnalysis): AnalysisSettings {
  return {
    ...analysis,
    failureLimit: analysis.failureLimit ?? 0,
    onInconclusive: analysis.onInconclusive ?? 'fail',
    count: analysis.count ?? 1,
    intervalMs: analysis.intervalMs ?? 30_000,
  };
}

/** The Service of a traffic canary's pods: `<service>-canary`. */
export function canaryName(name: string): string {
  return `${name}-canary`;
}

/** Pods of a canary carry this label (`canary`) on top of the workload's own labels. */
export const TRACK_LABEL = 'deploy-kit.dev/track';

export const COLOR_LABEL = 'deploy-kit.dev/color';
export type Color = 'blue' | 'green';

export function otherColor(color: Color | undefined): Color {
  return color === 'blue' ? 'green' : 'blue';
}
