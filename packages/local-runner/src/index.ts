export {
  runLocalAction,
  resolveInputs,
  inputVariable,
  type LocalActionOptions,
  type LocalActionResult,
} from './run-action';
export { readActionMetadata, type ActionMetadata } from './action-metadata';
export { runWorkflow, type WorkflowRunOptions } from './run-workflow';
export { formatWorkflowReport } from './report';
export { evaluateExpression, evaluateCondition, interpolate, interpolateString, type Contexts } from './expressions';
export { parseFileCommands } from './file-commands';
export { Masker } from './masker';
export { runnerEnvironment, githubContext, gitHead } from './runner-environment';
export { resolveUses, TOOLKIT_REPOSITORY } from './resolve-uses';
export { readWorkflow, orderJobs } from './workflow-model';
export { findToolkitRoot } from './toolkit-root';
export type { WorkflowResult, JobResult, StepResult, Result } from './results';
export { parseArgs, pairs, single, readJsonObject, readStringMap, guessEventName, ArgumentError } from './cli-args';
export { Cancellation } from './cancellation';
