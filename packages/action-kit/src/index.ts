export { UserError, InputError, toError } from './errors';
export { runAction, reportFailure } from './run-action';
export { field, readInputs, parseInputs, splitLines, type ReadInputsOptions } from './inputs';
export { maskSecret } from './secrets';
export { setOutputs, type OutputValue } from './outputs';
export { writeSummary, markdownTable, cell, type SummarySection, type SummaryCell } from './summary';
export { readRunContext, type RunContext } from './context';
export { parseDuration, formatDuration } from './duration';
