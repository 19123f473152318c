import { UserError } from '@deploy-kit/action-kit';

/**
 * The target rolled the release out and it never became healthy there: on Kubernetes, its
 * rollout status failed (a crash loop, an image that cannot be pulled, the progress deadline,
 * failing readiness probes). The release is unhealthy as surely as after a failed health
 * check, so `rollback-on: unhealthy` rolls it back; other deploy failures (bad manifests, a
 * refused permission, an API error) change nothing to go back from and are not this.
 */
export class UnhealthyRolloutError extends UserError {
  override name = 'UnhealthyRolloutError';
}
