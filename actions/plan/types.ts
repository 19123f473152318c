/** One service in the `services` output. */
export interface ServiceOutput {
  service: string;
  /** Image name without tag (the inputs path, task deploy: with the tag to deploy). */
  image: string;
  composeService?: string;
  imageVariable?: string;
  healthUrls: string[];
}

/** A secret the chosen environment needs, and whether the workflow passed it non-empty. */
export interface SecretCheck {
  /** As the user sets it: `DEPLOY_SSH_KEY` (config file), or the workflow's secret `ssh-key`. */
  name: string;
  /** The plan action's input it arrives in. */
  input: 'ssh-key' | 'ssh-known-hosts' | 'kubeconfig';
  purpose: string;
  present: boolean;
}

/** What the plan decided; `skip` is a release that ships nothing (not a failure). */
export type PlanResult =
  | { kind: 'skip'; reason: string }
  | {
      kind: 'deploy';
      /** Where the settings came from: the config file's path, or `inputs`. */
      source: string;
      environment: string;
      /** The release tag; '' for a rollback to the last good release, or a deploy of a moving tag. */
      version: string;
      services: ServiceOutput[];
      healthUrls: string[];
      environmentUrl: string;
      secrets: SecretCheck[];
      warnings: string[];
      notices: string[];
    };
