/** Annotations deploy-kit writes on each Deployment it rolls out (metadata only: they do not restart pods). */
export const ANNOTATIONS = {
  version: 'deploy-kit.dev/version',
  /** JSON object: service name -> `repository@sha256:...` for the containers of this Deployment. */
  images: 'deploy-kit.dev/images',
  deploymentId: 'deploy-kit.dev/github-deployment-id',
} as const;

export const FIELD_MANAGER = 'deploy-kit';
