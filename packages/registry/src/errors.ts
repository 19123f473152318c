import { UserError } from '@deploy-kit/action-kit';

/**
 * What a GitHub Actions user must check when GHCR refuses a token: the two
 * causes behind nearly every 401/403 from ghcr.io in a workflow.
 */
export const GHCR_PERMISSION_HINT =
  'The job needs `permissions: packages: write`, and the package must grant this repository ' +
  'Actions access (package settings -> "Manage Actions access").';

/**
 * What to check after a refusal. The GHCR advice only fits ghcr.io: elsewhere
 * `packages: write` and "Manage Actions access" mean nothing.
 */
export function permissionHint(registry: string): string {
  if (isGhcr(registry)) return GHCR_PERMISSION_HINT;
  return `Check the credentials given for ${registry} and that they may access this repository.`;
}

/** GitHub's container registry, the only one the job's GitHub token works for. */
export function isGhcr(registry: string): boolean {
  return registry.toLowerCase() === 'ghcr.io';
}

/** The registry refused our credentials or the operation (401/403). */
export class RegistryAuthError extends UserError {
  override name = 'RegistryAuthError';
  constructor(
    readonly registry: string,
    readonly status: number,
    detail: string,
  ) {
    super(`Registry ${registry} refused access (${status}${detail ? `: ${detail}` : ''}). ${permissionHint(registry)}`);
  }
}

/** No answer from the registry at all: connection refused, DNS, TLS, timeout. */
export class RegistryUnreachableError extends UserError {
  override name = 'RegistryUnreachableError';
  constructor(
    readonly registry: string,
    detail: string,
  ) {
    super(`Cannot reach registry ${registry}: ${detail}`);
  }
}

/** The registry answered, but not with what the operation needs. */
export class RegistryError extends UserError {
  override name = 'RegistryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
