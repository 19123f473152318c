import { readFileSync } from 'node:fs';
import { UserError } from '@deploy-kit/action-kit';
import { parse } from 'yaml';

export interface StepSpec {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with: Record<string, string>;
  env: Record<string, string>;
  continueOnError: string | boolean;
  shell?: string;
  workingDirectory?: string;
  /** `timeout-minutes`, in milliseconds. */
  timeoutMs?: number;
}

export interface EnvironmentSpec {
  name: string;
  url?: string;
}

export interface JobSpec {
  id: string;
  name?: string;
  needs: string[];
  if?: string | boolean;
  env: Record<string, string>;
  outputs: Record<string, string>;
  environment?: EnvironmentSpec;
  steps: StepSpec[];
  /** A job that calls a reusable workflow instead of running steps. */
  uses?: string;
  with: Record<string, string>;
  secrets?: 'inherit' | Record<string, string>;
  continueOnError: string | boolean;
  /** `strategy:`, when the job has a matrix: every combination is run. */
  strategy?: StrategySpec;
  /** Job-level `timeout-minutes`, in milliseconds: every step together must finish within it. */
  timeoutMs?: number;
  /** Why the local runner cannot run this job as GitHub would (a container, services). */
  notRunLocally?: string;
  defaults: { shell?: string; workingDirectory?: string };
}

export interface StrategySpec {
  /** As written: lists, include, exclude, or an expression giving them. */
  matrix: unknown;
  /** `fail-fast` (default true), possibly an expression. */
  failFast: string | boolean;
}

export interface InputSpec {
  type: 'string' | 'boolean' | 'number' | 'choice' | 'environment';
  required: boolean;
  default?: string | boolean | number;
  options?: string[];
}

export interface WorkflowSpec {
  path: string;
  name: string;
  triggers: string[];
  env: Record<string, string>;
  inputs: Record<string, InputSpec>;
  outputs: Record<string, string>;
  secrets: Record<string, { required: boolean }>;
  jobs: JobSpec[];
  defaults: { shell?: string; workingDirectory?: string };
}

type Node = Record<string, unknown>;

function asNode(value: unknown): Node {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {};
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(asNode(value)).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
  );
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function condition(value: unknown): string | boolean | undefined {
  return typeof value === 'boolean' ? value : optionalString(value);
}

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(asNode(on));
}

function parseDefaults(value: unknown): { shell?: string; workingDirectory?: string } {
  const run = asNode(asNode(value).run);
  return { shell: optionalString(run.shell), workingDirectory: optionalString(run['working-directory']) };
}

function parseStep(value: unknown): StepSpec {
  const step = asNode(value);
  return {
    id: optionalString(step.id),
    name: optionalString(step.name),
    if: condition(step.if),
    uses: optionalString(step.uses),
    run: optionalString(step.run),
    with: stringMap(step.with),
    env: stringMap(step.env),
    continueOnError: (step['continue-on-error'] as string | boolean | undefined) ?? false,
    shell: optionalString(step.shell),
    workingDirectory: optionalString(step['working-directory']),
    timeoutMs: typeof step['timeout-minutes'] === 'number' ? step['timeout-minutes'] * 60_000 : undefined,
  };
}

function parseEnvironment(value: unknown): EnvironmentSpec | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { name: value };
  const node = asNode(value);
  return { name: String(node.name ?? ''), url: optionalString(node.url) };
}

function parseStrategy(value: unknown): StrategySpec | undefined {
  const strategy = asNode(value);
  if (strategy.matrix === undefined) return undefined;
  return { matrix: strategy.matrix, failFast: (strategy['fail-fast'] as string | boolean | undefined) ?? true };
}

/** Constructs that change where or with what the steps run: skipping them would change the outcome. */
function notRunLocally(job: Node): string | undefined {
  if (job.container !== undefined)
    return 'a job with container: runs its steps in a container, which the local runner does not';
  if (job.services !== undefined)
    return 'a job with services: needs service containers, which the local runner does not start';
  return undefined;
}

function parseJob(id: string, value: unknown): JobSpec {
  const job = asNode(value);
  const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs.map(String) : [String(job.needs)];
  return {
    id,
    name: optionalString(job.name),
    needs,
    if: condition(job.if),
    env: stringMap(job.env),
    outputs: stringMap(job.outputs),
    environment: parseEnvironment(job.environment),
    steps: Array.isArray(job.steps) ? job.steps.map(parseStep) : [],
    uses: optionalString(job.uses),
    with: stringMap(job.with),
    secrets: job.secrets === 'inherit' ? 'inherit' : job.secrets === undefined ? undefined : stringMap(job.secrets),
    continueOnError: (job['continue-on-error'] as string | boolean | undefined) ?? false,
    strategy: parseStrategy(job.strategy),
    timeoutMs: typeof job['timeout-minutes'] === 'number' ? job['timeout-minutes'] * 60_000 : undefined,
    notRunLocally: notRunLocally(job),
    defaults: parseDefaults(job.defaults),
  };
}

function parseInputs(value: unknown): Record<string, InputSpec> {
  return Object.fromEntries(
    Object.entries(asNode(value)).map(([name, raw]) => {
      const spec = asNode(raw);
      const type = (optionalString(spec.type) ?? 'string') as InputSpec['type'];
      const options = Array.isArray(spec.options) ? spec.options.map(String) : undefined;
      const fallback = spec.default as string | boolean | number | undefined;
      return [name, { type, required: spec.required === true, default: fallback, options }];
    }),
  );
}

/** Reads a workflow file into the parts the local runner needs. */
export function readWorkflow(path: string): WorkflowSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read the workflow ${path}: ${(error as Error).message}`);
  }
  let doc: Node;
  try {
    doc = asNode(parse(text));
  } catch (error) {
    throw new UserError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  const jobs = asNode(doc.jobs);
  if (!Object.keys(jobs).length) throw new UserError(`${path} has no jobs`);
  const on = asNode(doc.on);
  const call = asNode(on.workflow_call);
  const dispatch = asNode(on.workflow_dispatch);
  return {
    path,
    name: optionalString(doc.name) ?? path,
    triggers: triggers(doc.on),
    env: stringMap(doc.env),
    inputs: parseInputs(call.inputs ?? dispatch.inputs),
    outputs: Object.fromEntries(
      Object.entries(asNode(call.outputs)).map(([name, spec]) => [name, String(asNode(spec).value ?? '')]),
    ),
    secrets: Object.fromEntries(
      Object.entries(asNode(call.secrets)).map(([name, spec]) => [name, { required: asNode(spec).required === true }]),
    ),
    jobs: Object.entries(jobs).map(([id, job]) => parseJob(id, job)),
    defaults: parseDefaults(doc.defaults),
  };
}

/**
 * Orders jobs so each comes after everything it `needs`, keeping file order
 * otherwise. Unknown or circular needs are errors in the workflow.
 */
export function orderJobs(jobs: readonly JobSpec[]): JobSpec[] {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  for (const job of jobs) {
    for (const need of job.needs) {
      if (!byId.has(need)) throw new UserError(`Job "${job.id}" needs "${need}", which is not a job in this workflow`);
    }
  }
  const ordered: JobSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (job: JobSpec, path: string[]): void => {
    if (state.get(job.id) === 'done') return;
    if (state.get(job.id) === 'visiting') {
      throw new UserError(`Jobs need each other in a circle: ${[...path, job.id].join(' -> ')}`);
    }
    state.set(job.id, 'visiting');
    for (const need of job.needs) visit(byId.get(need) as JobSpec, [...path, job.id]);
    state.set(job.id, 'done');
    ordered.push(job);
  };
  for (const job of jobs) visit(job, []);
  return ordered;
}

/** Every job a job depends on, directly or through others. */
export function ancestors(job: JobSpec, jobs: readonly JobSpec[]): string[] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const seen = new Set<string>();
  const walk = (ids: string[]): void => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      walk(byId.get(id)?.needs ?? []);
    }
  };
  walk(job.needs);
  return [...seen];
}
