export { systemClock, type Clock, type RolloutLog } from './ports';
export type { Sample, QueryResult } from './analysis/prometheus-result';
export {
  queryPrometheus,
  DEFAULT_PROMETHEUS_RETRY,
  type PrometheusClientOptions,
  type QueryAnswer,
  type ErrorCause,
} from './analysis/prometheus-client';
export type { Measurement, OnInconclusive, StepAnalysis } from './analysis/measurement';
export { judgeAnswer, type MetricRule } from './analysis/judge';
export { combineMeasurements, type CombineRules } from './analysis/combine';
export { defaultErrorRatioQuery, defaultP95LatencyQuery } from './analysis/default-queries';
export {
  analyseStep,
  measureOnce,
  describeMeasurement,
  type AnalysisSettings,
  type AnalysisContext,
} from './analysis/analyse';
export { runCanary, type CanaryContext } from './canary/run-canary';
export { renderStepTable, formatMeasurement } from './canary/step-table';
export type { CanaryPlan, CanaryPorts, CanaryStepResult, CanaryOutcome, AbortCause, Restore } from './canary/types';
export { planBatches, batchSize, type BatchSize } from './rolling/plan-batches';
export { runRolling, type RollingContext } from './rolling/run-rolling';
export { renderHostTable } from './rolling/host-table';
export type { RollingPorts, HostHealth, HostPhase, HostResult, Revert, RollingOutcome } from './rolling/types';
export {
  strategySchema,
  proxySchema,
  STRATEGY_KINDS,
  PROXY_KINDS,
  type StrategyEntry,
  type StrategyKind,
  type ProxyEntry,
  type CanaryEntry,
  type RollingEntry,
  type BlueGreenEntry,
  type AnalysisEntry,
} from './config/schema';
export { checkStrategyFor, STRATEGIES_BY_TARGET, type TargetKind, type StrategyProblem } from './config/check-strategy';
export { canaryPlanFrom, batchSizeFrom, metricRulesFrom, analysisSettingsFrom } from './config/resolve';
export {
  resolveStrategy,
  canaryAnalysisSettings,
  type Strategy,
  type RecreateStrategy,
  type BlueGreenStrategy,
  type RollingStrategy,
  type CanaryStrategy,
  type CanaryAnalysis,
  type ProxySettings,
} from './config/strategy';
export { durationMs } from './config/durations';
