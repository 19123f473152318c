/** One exact image to put on a target: always pinned by digest. */
export interface DeployRequest {
  /** The image as the user named it, e.g. `ghcr.io/acme/shop:v1.2.0`. */
  image: string;
  /** `sha256:...`, resolved through the registry before anything happens. */
  digest: string;
  /** `<repository>@<digest>`: what the target actually runs. */
  imageRef: string;
  version: string;
  environment: string;
  /** Credentials the target host needs to pull the image, if any. */
  registryAuth?: { registry: string; username: string; password: string };
}

/** What a target says it runs now; any field may be unknown. */
export interface RunningRelease {
  imageRef?: string;
  digest?: string;
  version?: string;
}

/**
 * Where deploy and rollback output goes. Targets never talk to @actions/core
 * themselves, so they can be driven from the CLI or tests just as well.
 */
export interface TargetLog {
  info(line: string): void;
  warning(line: string): void;
  /** Runs `work` inside a collapsible log group. */
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

/**
 * A place an image can be deployed to. Implementations own every detail of
 * how (SSH + compose, a user script, later Kubernetes); the deploy and
 * rollback actions only ever see this interface.
 */
export interface DeployTarget {
  /** The `target` input value that selects this implementation. */
  readonly kind: string;
  /** One line for logs and summaries, e.g. `ssh-compose deploy@web1:22 /srv/shop`. Never secrets. */
  describe(): string;
  /** What runs now, or undefined when the target cannot tell (the ledger is used instead). */
  current(log: TargetLog): Promise<RunningRelease | undefined>;
  /** Puts the exact image on the target; resolves only once the target reports it applied. Throws on any failure. */
  deploy(request: DeployRequest, log: TargetLog): Promise<void>;
}
