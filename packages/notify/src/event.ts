import type { DeployStatus } from './status';

/** What happened, as every channel reports it. */
export interface DeployEvent {
  status: DeployStatus;
  environment?: string;
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
