import { resolve } from 'node:path';
import { UserError, toError } from '@deploy-kit/action-kit';
import { evaluateCondition, interpolateString, type ContextValue, type Contexts } from './expressions';
import type { Log } from './log-lines';
import { Cancellation } from './cancellation';
import { Masker } from './masker';
import type { JobResult, Result, WorkflowResult } from './results';
import type { WorkflowRunContext } from './run-context';
import { runCalledWorkflow, runJobSteps } from './run-job';
import { githubContext, runnerEnvironment } from './runner-environment';
import { workflowInputs } from './workflow-inputs';
import { ancestors, orderJobs, readWorkflow, type JobSpec } from './workflow-model';

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
  const secrets = { GITHUB_TOKEN: process.env.GITHUB_TOKEN ?? '', ...options.secrets };
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
  const results = [...done.values()].map((job) => job.result);
  const result: Result = cancellation.cancelled ? 'cancelled' : results.includes('failure') ? 'failure' : 'success';
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
  const skipped = (reason: string): JobResult => ({
    id: job.id,
    name: job.name ?? job.id,
    result: 'skipped',
    reason,
    outputs: {},
    steps: [],
  });
  let runIt: boolean;
  try {
    runIt = evaluateCondition(job.if, contexts, jobStatus(job, jobs, done, run.cancellation));
  } catch (error) {
    return { ...skipped(toError(error).message), result: 'failure' };
  }
  if (!runIt) {
    run.log(`○ ${job.id} skipped`);
    if (run.cancellation.cancelled) return { ...skipped('the run was cancelled'), result: 'cancelled' };
    return skipped(job.if === undefined ? 'a job it needs did not succeed' : `if: ${String(job.if).trim()} was false`);
  }
  if (job.hasMatrix) return skipped('matrix strategies are not run by the local runner');
  run.log(`\n■ Job ${job.id}${job.name ? ` (${job.name})` : ''}`);
  try {
    const result = job.uses ? await runCalledWorkflow(job, contexts, run) : await runJobSteps(job, contexts, run);
    if (result.environment)
      run.log(`  environment: ${result.environment.name}${result.environment.url ? ` ${result.environment.url}` : ''}`);
    run.log(`■ Job ${job.id}: ${result.result}`);
    return result;
  } catch (error) {
    const reason = run.masker.mask(toError(error).message);
    run.log(`  Error: ${reason}`);
    return { ...skipped(reason), result: 'failure' };
  }
}
