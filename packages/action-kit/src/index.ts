export { UserError, InputError, toError } from './errors';
export { runAction, reportFailure, CancelledError, type RunActionOptions, type ProcessEvents } from './run-action';
export { field, readInputs, parseInputs, splitLines, type ReadInputsOptions } from './inputs';
export { maskSecret } from './secrets';
export { setOutputs, type OutputValue } from './outputs';
export { writeSummary, markdownTable, cell, type SummarySection, type SummaryCell } from './summary';
export { readRunContext, type RunContext } from './context';
export { parseDuration, formatDuration } from './duration';
export { lineSplitter } from './line-splitter';
export {
  HTTP_METHODS,
  TIMER_LIMIT_MS,
  DEFAULT_DURATION_MAX,
  quoteValue,
  singleLineProblem,
  type HttpMethod,
} from './input-rules';
