import type { AnalysisSettings } from '@deploy-kit/rollout';

/**
 * How a release replaces the running one on Kubernetes.
 * - rolling: the Deployment's own RollingUpdate, with maxSurge / maxUnavailable when given.
 * - blue-green: each workload runs as two Deployments, `<name>-blue` and `<name>-green`; the new
 *   release goes to the idle colour, and once it is ready the Service's selector is switched to
 *   it. The old colour is kept running for an instant switch back.
 * - canary, by replica ratio (ReplicaCanary) or by traffic weight (TrafficCanary): the new release
 *   runs as `<name>-canary` beside the untouched stable Deployment, walked through `steps`, each step
 *   analysed by packages/rollout's analyseStep; see canary-steps.ts for what the two share.
 */
export type KubernetesStrategy =
  | { kind: 'rolling'; maxSurge?: string | number; maxUnavailable?: string | number }
  | { kind: 'blue-green' }
  | ReplicaCanary
  | TrafficCanary;

/**
 * Canary by replica ratio (replica-canary.ts): `<name>-canary`'s pods carry the workload's labels
 * (so its Service sends them traffic in proportion to the pods) plus `deploy-kit.dev/track: canary`.
 * At each step it gets round(stable replicas × step / 100) replicas (at least one), ready before
 * the pause and the analysis; the stable Deployment is untouched until promotion (a rolling apply
 * of the new digests, then the canary scaled to zero); an abort scales the canary to zero.
 */
export interface ReplicaCanary {
  kind: 'canary';
  by: 'replicas';
  /** Canary sizes in percent of the stable replicas, growing, ending at 100, e.g. [10, 50, 100]. */
  steps: number[];
  /** Wait at each step after the canary is ready, before its analysis. */
  pauseMs: number;
  analysis: CanaryAnalysis;
}

/**
 * Canary by traffic weight through a Gateway API HTTPRoute of the manifests (traffic-canary.ts):
 * the canary runs behind its own Service `<service>-canary`; the route's backendRefs to the
 * workload's Service are split stable/canary at each of `steps`. At 100 the stable Deployment gets
 * the new digests, the traffic goes back to it and the canary is scaled to zero; an abort puts the
 * weight back to 0 and scales the canary to zero, so the stable release keeps serving.
 */
export interface TrafficCanary {
  kind: 'canary';
  by: 'traffic';
  route: TrafficRoute;
  /** Canary weights in percent, growing, ending at 100, e.g. [10, 50, 100]. */
  steps: number[];
  /** Wait at each step after its weight is set, before its analysis. */
  pauseMs: number;
  analysis: CanaryAnalysis;
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
export type CanaryAnalysis = Omit<AnalysisSettings, 'failureLimit' | 'onInconclusive' | 'count' | 'intervalMs'> &
  Partial<Pick<AnalysisSettings, 'failureLimit' | 'onInconclusive' | 'count' | 'intervalMs'>>;

/** The full settings analyseStep takes, defaults filled. */
export function analysisSettings(analysis: CanaryAnalysis): AnalysisSettings {
  return {
    ...analysis,
    failureLimit: analysis.failureLimit ?? 0,
    onInconclusive: analysis.onInconclusive ?? 'fail',
    count: analysis.count ?? 1,
    intervalMs: analysis.intervalMs ?? 30_000,
  };
}

/** The canary's twin of a name: `<name>-canary` (its Deployment; a traffic canary's Service). */
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
