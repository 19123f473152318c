export type Result = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepResult {
  id?: string;
  name: string;
  /** What the step itself did. */
  outcome: Result;
  /** What counts for the job: a failure under continue-on-error concludes as success. */
  conclusion: Result;
  /** Why it was skipped or failed, in words. */
  reason?: string;
  outputs: Record<string, string>;
  summary?: string;
}

export interface JobResult {
  id: string;
  name: string;
  result: Result;
  reason?: string;
  outputs: Record<string, string>;
  environment?: { name: string; url?: string };
  steps: StepResult[];
  /** For a job that called a reusable workflow: that workflow's run. */
  called?: WorkflowResult;
  /** For a job with a matrix: one run per combination, in order. */
  combinations?: JobResult[];
  /** A failed job with `continue-on-error: true`: it does not fail the run. */
  continuedOnError?: boolean;
}

export interface WorkflowResult {
  name: string;
  path: string;
  result: Result;
  jobs: JobResult[];
  outputs: Record<string, string>;
}
