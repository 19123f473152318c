import { resolve } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';
import { interpolateString, type Contexts } from './expressions';
import { createStepFiles } from './file-commands';
import { createLineHandler } from './log-lines';
import { resolveUses } from './resolve-uses';
import { runLocalAction } from './run-action';
import { runScript } from './run-script';
import type { WorkflowRunContext } from './run-context';
import type { StepSpec } from './workflow-model';

export interface StepRun {
  outcome: 'success' | 'failure' | 'skipped';
  reason?: string;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  summary?: string;
}

/**
 * A step the local runner cannot run. actions/checkout of this repository into the
 * workspace is what the local workspace already is, so it is skipped, saying so. Any
 * other action could have failed, so the step fails rather than let the run look green
 * for something it never ran.
 */
function notRunLocally(step: StepSpec, reason: string, contexts: Contexts): StepRun {
  const checkout = /^actions\/checkout@/.test(step.uses ?? '');
  const inputs = evaluateMap(step.with, contexts);
  const repository =
    contexts.github && typeof contexts.github === 'object' && !Array.isArray(contexts.github)
      ? contexts.github.repository
      : undefined;
  const elsewhere = (inputs.repository && inputs.repository !== repository) || inputs.path;
  if (checkout && !elsewhere) {
    return {
      outcome: 'skipped',
      reason: 'actions/checkout: the local workspace stands in for the checkout',
      outputs: {},
      exportedEnv: {},
    };
  }
  return { outcome: 'failure', reason: `not run: ${reason}`, outputs: {}, exportedEnv: {} };
}

function evaluateMap(values: Record<string, string>, contexts: Contexts): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, interpolateString(v, contexts)]));
}

/**
 * Runs one step: a `run:` script with bash, a deploy-kit action through the
 * local action runner, or nothing (with the reason) for any other action.
 */
export async function runStep(
  step: StepSpec,
  contexts: Contexts,
  env: Record<string, string>,
  defaults: { shell?: string; workingDirectory?: string },
  run: WorkflowRunContext,
): Promise<StepRun> {
  const stepEnv = { ...env, ...evaluateMap(step.env, contexts) };
  const stepContexts = { ...contexts, env: stepEnv };
  const indent = (line: string): void => run.log(`  ${line}`);
  if (step.run !== undefined) {
    const script = interpolateString(step.run, stepContexts);
    const files = createStepFiles(run.event);
    try {
      const handle = createLineHandler({ log: indent, masker: run.masker, debug: run.debug });
      const exitCode = await runScript({
        script,
        shell: step.shell ?? defaults.shell,
        cwd: resolve(run.workspace, step.workingDirectory ?? defaults.workingDirectory ?? '.'),
        env: {
          ...process.env,
          ...run.runnerEnv,
          ...stepEnv,
          GITHUB_OUTPUT: files.output,
          GITHUB_ENV: files.env,
          GITHUB_STEP_SUMMARY: files.summary,
          GITHUB_PATH: files.path,
          GITHUB_EVENT_PATH: files.event,
          RUNNER_TEMP: files.dir,
        },
        tempDir: files.dir,
        onLine: handle,
        timeoutMs: step.timeoutMs,
        cancellation: run.cancellation,
      });
      const result = files.read();
      return {
        outcome: exitCode === 0 ? 'success' : 'failure',
        reason: exitCode === 0 ? undefined : `exit code ${exitCode}`,
        outputs: result.outputs,
        exportedEnv: result.env,
        summary: run.masker.mask(result.summary),
      };
    } finally {
      files.remove();
    }
  }
  if (step.uses === undefined) throw new UserError('A step needs either run: or uses:');
  const target = resolveUses(step.uses, { toolkitRoot: run.toolkitRoot, workspace: run.workspace });
  if (target.kind === 'unsupported') {
    const result = notRunLocally(step, target.reason, stepContexts);
    if (result.outcome === 'failure') indent(`Error: ${result.reason}`);
    return result;
  }
  if (target.kind === 'workflow')
    throw new UserError(`${step.uses} is a workflow: call it from a job's uses:, not a step`);
  const result = await runLocalAction({
    actionDir: target.dir,
    inputs: evaluateMap(step.with, stepContexts),
    event: run.event,
    env: { ...run.runnerEnv, ...stepEnv },
    contexts: stepContexts,
    workspace: run.workspace,
    log: indent,
    masker: run.masker,
    debug: run.debug,
    timeoutMs: step.timeoutMs,
    cancellation: run.cancellation,
  });
  return {
    outcome: result.exitCode === 0 ? 'success' : 'failure',
    reason: result.exitCode === 0 ? undefined : `exit code ${result.exitCode}`,
    outputs: result.outputs,
    exportedEnv: result.exportedEnv,
    summary: result.summary,
  };
}
