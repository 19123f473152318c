import { resolve } from 'node:path';
import { UserError, toError } from '@deploy-kit/action-kit';
import { evaluateCondition, interpolateString, type ContextValue, type Contexts } from './expressions';
import type { Log } from './log-lines';
import { Cancellation } from './cancellation';
import { Masker } from './masker';
import type { JobResult, Result, WorkflowResult } from './results';
import type { WorkflowRunContext } from './run-context';
import { describeCombination, expandMatrix, type Combination } from './matrix';
import { runCalledWorkflow, runJobSteps, truthyFlag } from './run-job';
import { githubContext, runnerEnvironment } from './runner-environment';
import { workflowInputs } from './workflow-inputs';
import { ancestors, orderJobs, readWorkflow, type JobSpec, type StrategySpec } from './workflow-model';

export interface WorkflowRunOptions {
  file: string;
  event: Record<string, unknown>;
  eventName: string;
  inputs?: Record<string, string | boolean | number>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** Extra variables for every step; GITHUB_* ones also change the github context. */
  env?: Record<string, string>;
  workspace?: string;
  /** Where deploy-kit's own actions and workflows are (its checkout). */
  toolkitRoot: string;
  log: Log;
  debug?: boolean;
  masker?: Masker;
  /** Shared by a workflow and the workflows it calls. */
  cancellation?: Cancellation;
}

function needsContext(job: JobSpec, done: Map<string, JobResult>): Record<string, ContextValue> {
  return Object.fromEntries(
    job.needs.map((id) => {
      const result = done.get(id);
      return [id, { result: result?.result ?? 'skipped', outputs: result?.outputs ?? {} }];
    }),
  );
}

function jobStatus(job: JobSpec, jobs: JobSpec[], done: Map<string, JobResult>, cancellation: Cancellation) {
  const results = ancestors(job, jobs).map((id) => done.get(id)?.result);
  return {
    success: !cancellation.cancelled && results.every((r) => r === 'success'),
    failure: results.some((r) => r === 'failure'),
    cancelled: cancellation.cancelled,
  };
}

/**
 * Runs a workflow's jobs one after another in dependency order, evaluating
 * `${{ }}` with GitHub's evaluator: what a maintainer uses to try a release
 * pipeline on their machine before pushing it.
 */
export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowResult> {
  const spec = readWorkflow(options.file);
  const workspace = resolve(options.workspace ?? process.cwd());
  const masker = options.masker ?? new Masker();
  const cancellation = options.cancellation ?? new Cancellation();
  // github.token / secrets.GITHUB_TOKEN: --env GITHUB_TOKEN=... first, as for every other GITHUB_* variable.
  const secrets = { GITHUB_TOKEN: options.env?.GITHUB_TOKEN ?? process.env.GITHUB_TOKEN ?? '', ...options.secrets };
  for (const value of Object.values(secrets)) masker.add(value);
  const inputs = workflowInputs(spec.inputs, options.inputs ?? {});
  const missingSecrets = Object.entries(spec.secrets)
    .filter(([name, s]) => s.required && !secrets[name as keyof typeof secrets])
    .map(([name]) => name);
  if (missingSecrets.length) throw new UserError(`Secret(s) required by this workflow: ${missingSecrets.join(', ')}`);
  const runnerEnv = runnerEnvironment({
    eventName: options.eventName,
    event: options.event,
    workspace,
    overrides: { GITHUB_WORKFLOW: spec.name, ...options.env },
  });
  const base: Contexts = {
    github: githubContext(runnerEnv, options.event, secrets.GITHUB_TOKEN),
    inputs,
    secrets,
    vars: options.vars ?? {},
    runner: { os: 'Linux', arch: 'X64', name: 'deploy-kit-local', temp: '', debug: options.debug ? '1' : '' },
    strategy: {},
    matrix: {},
  };
  const workflowEnv = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, interpolateString(v, base)]));
  const run: WorkflowRunContext = {
    event: options.event,
    runnerEnv: { ...runnerEnv, ...options.env },
    contexts: base,
    workflowEnv,
    defaults: spec.defaults,
    workspace,
    toolkitRoot: options.toolkitRoot,
    log: options.log,
    masker,
    debug: options.debug ?? false,
    cancellation,
    // A called workflow sees the caller's github context (github.workflow is the
    // caller's name) and always gets the caller's GITHUB_TOKEN, as on GitHub.
    callWorkflow: (file, calledInputs, calledSecrets) =>
      runWorkflow({
        ...options,
        file,
        inputs: calledInputs,
        secrets: { GITHUB_TOKEN: secrets.GITHUB_TOKEN, ...calledSecrets },
        env: { GITHUB_WORKFLOW: runnerEnv.GITHUB_WORKFLOW as string, ...options.env },
        masker,
        workspace,
        cancellation,
      }),
  };
  options.log(`Workflow ${spec.name} (${options.file}) on ${options.eventName}`);
  const done = new Map<string, JobResult>();
  for (const job of orderJobs(spec.jobs)) {
    done.set(job.id, await runOneJob(job, spec.jobs, done, base, run));
  }
  const jobsContext = Object.fromEntries([...done].map(([id, r]) => [id, { result: r.result, outputs: r.outputs }]));
  const outputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.outputs)) {
    outputs[name] = interpolateString(value, { ...base, jobs: jobsContext });
  }
  const failed = [...done.values()].some((job) => job.result === 'failure' && !job.continuedOnError);
  const result: Result = cancellation.cancelled ? 'cancelled' : failed ? 'failure' : 'success';
  return { name: spec.name, path: options.file, result, jobs: [...done.values()], outputs };
}

async function runOneJob(
  job: JobSpec,
  jobs: JobSpec[],
  done: Map<string, JobResult>,
  base: Contexts,
  run: WorkflowRunContext,
): Promise<JobResult> {
  const contexts: Contexts = { ...base, needs: needsContext(job, done), env: run.workflowEnv };
  let runIt: boolean;
  try {
    runIt = evaluateCondition(job.if, contexts, jobStatus(job, jobs, done, run.cancellation));
  } catch (error) {
    return { ...notRun(job, toError(error).message), result: 'failure' };
  }
  if (!runIt) {
    run.log(`○ ${job.id} skipped`);
    if (run.cancellation.cancelled) return { ...notRun(job, 'the run was cancelled'), result: 'cancelled' };
    return notRun(
      job,
      job.if === undefined ? 'a job it needs did not succeed' : `if: ${String(job.if).trim()} was false`,
    );
  }
  // Never a green run for what was not run: a job the runner cannot run as GitHub would fails, saying why.
  if (job.notRunLocally) {
    run.log(`✗ ${job.id}: not run: ${job.notRunLocally}`);
    return { ...notRun(job, `not run: ${job.notRunLocally}`), result: 'failure' };
  }
  return job.strategy ? runMatrix(job, job.strategy, contexts, run) : runJobOnce(job, contexts, run, job.id);
}

function notRun(job: JobSpec, reason: string): JobResult {
  return { id: job.id, name: job.name ?? job.id, result: 'skipped', reason, outputs: {}, steps: [] };
}

/** Runs the job's steps (or the workflow it calls) once, with the given contexts (a matrix combination's included). */
async function runJobOnce(
  job: JobSpec,
  contexts: Contexts,
  run: WorkflowRunContext,
  label: string,
): Promise<JobResult> {
  run.log(`\n■ Job ${label}${job.name ? ` (${displayName(job, contexts)})` : ''}`);
  let result: JobResult;
  try {
    result = job.uses ? await runCalledWorkflow(job, contexts, run) : await runJobSteps(job, contexts, run);
    if (result.environment)
      run.log(`  environment: ${result.environment.name}${result.environment.url ? ` ${result.environment.url}` : ''}`);
    run.log(`■ Job ${label}: ${result.result}`);
  } catch (error) {
    const reason = run.masker.mask(toError(error).message);
    run.log(`  Error: ${reason}`);
    result = { ...notRun(job, reason), result: 'failure' };
  }
  result = { ...result, id: label, name: displayName(job, contexts) };
  // Job-level continue-on-error: the job failed, but it does not fail the run.
  if (result.result === 'failure' && continuesOnError(job, contexts)) {
    run.log(`  ${label} failed under continue-on-error: the run goes on as if it had not`);
    return { ...result, continuedOnError: true };
  }
  return result;
}

function continuesOnError(job: JobSpec, contexts: Contexts): boolean {
  try {
    return truthyFlag(job.continueOnError, contexts);
  } catch {
    return false;
  }
}

function displayName(job: JobSpec, contexts: Contexts): string {
  if (!job.name) return job.id;
  try {
    return interpolateString(job.name, contexts);
  } catch {
    return job.name;
  }
}

/**
 * Runs every combination of the job's matrix, one after another, each with its own
 * `matrix` and `strategy` contexts. With fail-fast (the default) a failed combination
 * cancels the ones not yet started, as on GitHub. The job fails when a combination did.
 */
async function runMatrix(
  job: JobSpec,
  strategy: StrategySpec,
  contexts: Contexts,
  run: WorkflowRunContext,
): Promise<JobResult> {
  let combinations: Combination[];
  let failFast: boolean;
  try {
    combinations = expandMatrix(strategy.matrix, contexts);
    failFast = truthyFlag(strategy.failFast, contexts);
  } catch (error) {
    const reason = run.masker.mask(toError(error).message);
    run.log(`✗ ${job.id}: ${reason}`);
    return { ...notRun(job, reason), result: 'failure' };
  }
  run.log(`\n■ Job ${job.id}: ${combinations.length} matrix combination(s)`);
  const runs: JobResult[] = [];
  for (const [index, combination] of combinations.entries()) {
    const label = `${job.id} ${describeCombination(combination)}`;
    const failed = runs.some((r) => r.result === 'failure' && !r.continuedOnError);
    if (failFast && failed) {
      run.log(`○ ${label} cancelled (fail-fast)`);
      runs.push({ ...notRun(job, 'fail-fast: an earlier combination failed'), id: label, result: 'cancelled' });
      continue;
    }
    const strategyContext = {
      'fail-fast': failFast,
      'job-index': index,
      'job-total': combinations.length,
      'max-parallel': combinations.length,
    };
    runs.push(await runJobOnce(job, { ...contexts, matrix: combination, strategy: strategyContext }, run, label));
  }
  const counted = runs.filter((r) => !r.continuedOnError).map((r) => r.result);
  const result: Result = counted.includes('failure')
    ? 'failure'
    : counted.includes('cancelled')
      ? 'cancelled'
      : 'success';
  // As on GitHub, a matrix job's outputs come from the combinations that set them, the last one winning.
  const outputs: Record<string, string> = {};
  for (const r of runs) for (const [name, value] of Object.entries(r.outputs)) if (value !== '') outputs[name] = value;
  run.log(`■ Job ${job.id}: ${result}`);
  return {
    id: job.id,
    name: job.name ?? job.id,
    result,
    reason: `${runs.filter((r) => r.result === 'success').length} of ${runs.length} matrix combination(s) succeeded`,
    outputs,
    steps: [],
    combinations: runs,
  };
}
