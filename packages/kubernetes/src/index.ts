export { ANNOTATIONS, FIELD_MANAGER } from './annotations';
export { KubeApiError } from './api-error';
export { KubeClient, type KubeRequest } from './client';
export { canaryDeployment, canaryReplicas } from './canary';
export { checkCanarySteps } from './canary-steps';
export { httpRouteProblems, isServiceRef, type RouteProblem } from './http-route';
export { withCluster, type ClusterAccess, type Runtime } from './connect';
export { readCurrent, type CurrentOutcome, type RunningService } from './current';
export { diagnose, formatDiagnosis, type Diagnosis } from './diagnose';
export { KINDS } from './kinds';
export { withKubeconfig } from './kubeconfig';
export { formatManifestProblem, loadManifests, type ManifestObject, type ManifestProblem } from './manifests';
export { requiredPermissions } from './permissions';
export { pinImages, type Release } from './pin-images';
export {
  rollOut,
  type AbortedCanary,
  type KubernetesOutcome,
  type RolloutRequest,
  type WorkloadResult,
} from './roll-out';
export { deploymentState, rolloutStatus, type RolloutStatus } from './rollout-status';
export {
  analysisSettings,
  canaryName,
  COLOR_LABEL,
  TRACK_LABEL,
  type CanaryAnalysis,
  type KubernetesStrategy,
  type ReplicaCanary,
  type TrafficCanary,
  type TrafficRoute,
} from './strategy';
export { checkTrafficCanary } from './traffic-canary';
export { canaryService, pinnedService, POD_TEMPLATE_HASH, weightedRoute } from './traffic-route';
export { describePermission, systemClock, type Clock, type KubeLog, type Permission } from './types';
export { unknownFields } from './unknown-fields';
export { waitForRollout, type WaitResult } from './wait';
export { parseWorkloads, type Workload } from './workloads';
