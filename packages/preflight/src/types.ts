import { UserError, type RunContext } from '@deploy-kit/action-kit';
import { describeGitHubError, httpStatus, type GitHubClient } from '@deploy-kit/github';
import type { DeploymentLedger, DeploymentRecord } from '@deploy-kit/ledger';
import type { PreDeployCheckInputs } from './fields';

export type CheckOutcome = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  /** The check's name as the summary and `failures` show it. */
  check: string;
  outcome: CheckOutcome;
  /** Why it failed or was skipped, or what was verified. */
  detail: string;
  /** Passed, but worth a workflow warning (production without protection rules). */
  warning?: string;
}

/** What every check may read; checks only read, never create anything. */
/**
 * What the checks read of their settings: the pre-deploy-check action passes its inputs, the
 * one-step action these fields of its own (no token, registry or sha setting: those are the
 * context's octokit, registry client and `sha`).
 */
export type CheckSettings = Pick<
  PreDeployCheckInputs,
  | 'environment'
  | 'image'
  | 'production'
  | 'force'
  | 'rollback'
  | 'required-env'
  | 'require-checks'
  | 'ignore-checks'
  | 'freeze'
  | 'require-environment'
>;

export interface CheckContext {
  inputs: CheckSettings;
  production: boolean;
  octokit: GitHubClient;
  ledger: DeploymentLedger;
  repo: { owner: string; repo: string };
  run: RunContext;
  /** The commit being deployed. */
  sha: string;
  /** What the environment runs now, from the ledger; an Error when it could not be read. */
  current: DeploymentRecord | undefined | Error;
  /** The version being deployed: the input, or the image's tag. */
  version: string | undefined;
  now: Date;
  env: NodeJS.ProcessEnv;
  /** How a refused release can go out anyway; undefined: the `force` input. */
  override?: CheckOverride;
}

/**
 * `force-input`: the caller has a `force` input (pre-deploy-check, the one-step action).
 * `config-file`: it has none (deploy and rollback with a config file); the refusal names
 * what the user can change instead, in `file`'s `environment`.
 */
export type CheckOverride = { kind: 'force-input' } | { kind: 'config-file'; file: string; environment: string };

/** One line about a failure: GitHub errors with their HTTP status, others by message. */
export function oneLine(error: unknown): string {
  if (httpStatus(error) !== undefined && !(error instanceof UserError)) return describeGitHubError(error);
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
