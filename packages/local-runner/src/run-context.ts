import type { Cancellation } from './cancellation';
import type { Contexts } from './expressions';
import type { Log } from './log-lines';
import type { Masker } from './masker';
import type { WorkflowResult } from './results';

/** What every job and step of one workflow run shares. */
export interface WorkflowRunContext {
  event: Record<string, unknown>;
  /** GITHUB_* variables of this run (and the user's --env values). */
  runnerEnv: Record<string, string>;
  /** Contexts known before any job runs: github, inputs, secrets, vars, runner. */
  contexts: Contexts;
  /** The workflow's own `env:`, already evaluated. */
  workflowEnv: Record<string, string>;
  defaults: { shell?: string; workingDirectory?: string };
  workspace: string;
  toolkitRoot: string;
  log: Log;
  masker: Masker;
  debug: boolean;
  /** Set when the user cancels (Ctrl-C): shared with called workflows. */
  cancellation: Cancellation;
  /** Runs a called reusable workflow (kept here to avoid an import cycle). */
  callWorkflow: (
    file: string,
    inputs: Record<string, string | boolean | number>,
    secrets: Record<string, string>,
  ) => Promise<WorkflowResult>;
}
