import type { DeployStatus } from './status';

/** What happened, as every channel reports it. */
export interface DeployEvent {
  status: DeployStatus;
  environment?: string;
  /**
   * Whether the environment is production, when the caller knows (the one-step
   * action's `production` input); otherwise judged by its name.
   */
  production?: boolean;
  version?: string;
  environmentUrl?: string;
  repository: string;
  sha: string;
  actor: string;
  runUrl: string;
  serverUrl: string;
  /** Optional template; see renderTemplate for its placeholders. */
  message?: string;
}
