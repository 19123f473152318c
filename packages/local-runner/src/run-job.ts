import { toError } from '@deploy-kit/action-kit';
import { evaluateCondition, interpolate, interpolateString, type ContextValue, type Contexts } from './expressions';
import { resolveUses } from './resolve-uses';
import type { JobResult, StepResult } from './results';
import type { WorkflowRunContext } from './run-context';
import { runStep } from './run-step';
import type { JobSpec, StepSpec } from './workflow-model';

function stepName(step: StepSpec, contexts: Contexts): string {
  if (step.name) {
    try {
      return interpolateString(step.name, contexts);
    } catch {
      return step.name;
    }
  }
  if (step.run !== undefined) return `Run ${step.run.trim().split('\n')[0]}`;
  return `Run ${step.uses ?? '?'}`;
}

/** A `continue-on-error` or `fail-fast` value: a boolean, or an expression giving one. */
export function truthyFlag(value: string | boolean, contexts: Contexts): boolean {
  if (typeof value === 'boolean') return value;
  const evaluated = interpolate(value, contexts);
  return evaluated === true || evaluated === 'true';
}

/** Runs a job's steps in order, keeping the `steps` context and job status as the runner does. */
export async function runJobSteps(job: JobSpec, contexts: Contexts, run: WorkflowRunContext): Promise<JobResult> {
  const jobEnv = {
    ...run.workflowEnv,
    ...Object.fromEntries(Object.entries(job.env).map(([k, v]) => [k, interpolateString(v, contexts)])),
  };
  const defaults = { ...run.defaults, ...Object.fromEntries(Object.entries(job.defaults).filter(([, v]) => v)) };
  const steps: Record<string, ContextValue> = {};
  const results: StepResult[] = [];
  const exported: Record<string, string> = {};
  let failed = false;
  // As on GitHub, a cancellation stops the job it hits; a job that starts
  // afterwards (an always() job such as notify) runs its steps normally.
  const cancelledBefore = run.cancellation.cancelled;
  // Job-level timeout-minutes: each step gets at most the time the job has left.
  const deadline = job.timeoutMs === undefined ? undefined : Date.now() + job.timeoutMs;
  const jobTimedOut = (): boolean => deadline !== undefined && Date.now() >= deadline;
  const timeoutReason = `the job ran longer than its timeout-minutes (${(job.timeoutMs ?? 0) / 60_000})`;
  const cancelledHere = (): boolean => run.cancellation.cancelled && !cancelledBefore;
  for (const [index, step] of job.steps.entries()) {
    const cancelled = cancelledHere();
    const status = { success: !failed && !cancelled, failure: failed, cancelled: run.cancellation.cancelled };
    const stepContexts: Contexts = {
      ...contexts,
      env: { ...jobEnv, ...exported },
      steps,
      job: { status: failed ? 'failure' : 'success' },
    };
    const name = stepName(step, stepContexts);
    const record = (result: StepResult): void => {
      results.push(result);
      if (step.id) steps[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.conclusion };
      if (result.conclusion === 'failure') failed = true;
    };
    let runIt: boolean;
    try {
      runIt = evaluateCondition(step.if, stepContexts, status);
    } catch (error) {
      run.log(`✗ ${job.id} › ${name}: ${toError(error).message}`);
      record({
        id: step.id,
        name,
        outcome: 'failure',
        conclusion: 'failure',
        reason: toError(error).message,
        outputs: {},
      });
      continue;
    }
    if (!runIt) {
      const reason = cancelled
        ? 'the run was cancelled'
        : step.if === undefined
          ? 'an earlier step failed'
          : `if: ${String(step.if).trim()} was false`;
      record({ id: step.id, name, outcome: 'skipped', conclusion: 'skipped', reason, outputs: {} });
      continue;
    }
    run.log(`▶ ${job.id} › ${name}`);
    let outcome: StepResult['outcome'];
    let reason: string | undefined;
    let outputs: Record<string, string> = {};
    let summary: string | undefined;
    try {
      if (jobTimedOut()) throw new Error(timeoutReason);
      const left = deadline === undefined ? undefined : deadline - Date.now();
      const capped = left === undefined ? step : { ...step, timeoutMs: Math.min(step.timeoutMs ?? 30 * 60_000, left) };
      const done = await runStep(capped, stepContexts, { ...jobEnv, ...exported }, defaults, run);
      ({ outcome, reason, outputs, summary } = done);
      if (outcome === 'failure' && jobTimedOut()) reason = timeoutReason;
      Object.assign(exported, done.exportedEnv);
    } catch (error) {
      outcome = 'failure';
      reason = toError(error).message;
      run.log(`  Error: ${run.masker.mask(reason)}`);
    }
    if (outcome === 'skipped') run.log(`  skipped: ${reason}`);
    if (summary?.trim()) {
      run.log('  ── job summary ──');
      for (const line of summary.trimEnd().split('\n')) run.log(`  ${line}`);
    }
    const continueOnError = outcome === 'failure' && truthyFlag(step.continueOnError, stepContexts);
    record({
      id: step.id ?? `__step${index}`,
      name,
      outcome,
      conclusion: continueOnError ? 'success' : outcome,
      reason: reason === undefined ? undefined : run.masker.mask(reason),
      outputs,
      summary,
    });
  }
  const finalContexts: Contexts = {
    ...contexts,
    env: { ...jobEnv, ...exported },
    steps,
    job: { status: failed ? 'failure' : 'success' },
  };
  const outputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(job.outputs)) {
    try {
      outputs[name] = interpolateString(value, finalContexts);
    } catch (error) {
      run.log(`Warning: job ${job.id} output ${name}: ${toError(error).message}`);
      outputs[name] = '';
    }
  }
  return {
    id: job.id,
    name: job.name ?? job.id,
    result: cancelledHere() ? 'cancelled' : failed ? 'failure' : 'success',
    outputs,
    steps: results,
    environment: job.environment && {
      name: interpolateString(job.environment.name, contexts),
      url: job.environment.url === undefined ? undefined : interpolateString(job.environment.url, finalContexts),
    },
  };
}

/** Runs a job that calls a reusable workflow (`jobs.<id>.uses`). */
export async function runCalledWorkflow(job: JobSpec, contexts: Contexts, run: WorkflowRunContext): Promise<JobResult> {
  const base = { id: job.id, name: job.name ?? job.id, outputs: {}, steps: [] };
  const target = resolveUses(job.uses as string, { toolkitRoot: run.toolkitRoot, workspace: run.workspace });
  if (target.kind !== 'workflow') {
    // A called workflow that does not run could have failed: the job fails, saying why.
    const reason = target.kind === 'unsupported' ? target.reason : `${job.uses} is an action, not a reusable workflow`;
    return { ...base, result: 'failure', reason: `not run: ${reason}` };
  }
  const inputs = Object.fromEntries(
    Object.entries(job.with).map(([k, v]) => [k, interpolate(v, contexts) as string | boolean | number]),
  );
  const allSecrets = (contexts.secrets ?? {}) as Record<string, string>;
  const secrets =
    job.secrets === 'inherit'
      ? allSecrets
      : Object.fromEntries(Object.entries(job.secrets ?? {}).map(([k, v]) => [k, interpolateString(v, contexts)]));
  run.log(`▶ ${job.id} calls ${job.uses}`);
  const called = await run.callWorkflow(target.file, inputs, secrets);
  return { ...base, result: called.result, outputs: called.outputs, called };
}
