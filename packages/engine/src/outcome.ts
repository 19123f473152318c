import type { HealthReport } from '@deploy-kit/health';
import type { DeploymentPayload } from '@deploy-kit/ledger';
import type { ReleaseProgress } from './types';

/** One service of a release, as it ended. */
export interface ServiceResult {
  service: string;
  image: string;
  digest: string;
  imageRef: string;
  /** What ran before, when the target or the ledger knew. */
  previousDigest?: string;
  previousImageRef?: string;
  /** The moving tags moved to this service's digest after health. */
  movedTags: string[];
}

/** What a release put (or meant to put) where. */
export interface ReleaseFacts {
  environment: string;
  version: string;
  /** Sorted by service name. */
  services: ServiceResult[];
  previousVersion?: string;
  health?: HealthReport;
}

/** Where a failed release stopped. */
export type FailedStep = 'before-record' | 'on-target' | 'health-check' | 'final-status';

export type RolledBackFrom = NonNullable<DeploymentPayload['rolledBackFrom']>;

/**
 * How one deploy or rollback ended, tagged by kind: what the job summary, the
 * outputs and the step's error are each rendered from, once. `facts` is absent
 * when the release stopped before its images were known.
 */
export type ReleaseOutcome =
  | { kind: 'deployed'; facts: ReleaseFacts; deploymentId: number }
  | { kind: 'rolled-back'; facts: ReleaseFacts; deploymentId: number; from?: RolledBackFrom; reason?: string }
  | { kind: 'already-running'; facts: ReleaseFacts; deploymentId?: number; from?: RolledBackFrom }
  | { kind: 'cancelled'; facts?: ReleaseFacts; deploymentId?: number; error: Error }
  | { kind: 'failed'; step: FailedStep; facts?: ReleaseFacts; deploymentId?: number; error: Error };

/**
 * The outcome of a release from how far it got (`progress`) and the error
 * that ended it, if any. `cancelled`: the job's signal was aborted.
 */
export function releaseOutcome(
  task: 'deploy' | 'rollback',
  progress: ReleaseProgress,
  error: Error | undefined,
  cancelled = false,
): ReleaseOutcome {
  const facts = factsOf(progress);
  const deploymentId = progress.record?.id;
  const intent = progress.intent;
  if (error) {
    const where = { ...(facts ? { facts } : {}), ...(deploymentId !== undefined ? { deploymentId } : {}) };
    if (cancelled) return { kind: 'cancelled', ...where, error };
    return { kind: 'failed', step: failedStep(progress), ...where, error };
  }
  if (!facts) throw new Error('a release that did not fail has an intent');
  if (intent?.kind === 'already-running') {
    const from = intent.record?.payload.rolledBackFrom;
    return {
      kind: 'already-running',
      facts,
      ...(intent.record ? { deploymentId: intent.record.id } : {}),
      ...(from ? { from } : {}),
    };
  }
  if (deploymentId === undefined) throw new Error('a release that did not fail was recorded');
  if (task === 'deploy') return { kind: 'deployed', facts, deploymentId };
  const extras = intent?.kind === 'release' ? intent.payloadExtras : undefined;
  return {
    kind: 'rolled-back',
    facts,
    deploymentId,
    ...(extras?.rolledBackFrom ? { from: extras.rolledBackFrom } : {}),
    ...(extras?.reason ? { reason: extras.reason } : {}),
  };
}

function factsOf(progress: ReleaseProgress): ReleaseFacts | undefined {
  const request = progress.intent?.request;
  if (!request) return undefined;
  const previous = progress.previous;
  const moved = progress.movedTags ?? [];
  return {
    environment: request.environment,
    version: request.version,
    services: request.services.map(({ service, image, digest, imageRef }) => {
      const before = previous?.services.find((s) => s.service === service);
      return {
        service,
        image,
        digest,
        imageRef,
        ...(before?.digest ? { previousDigest: before.digest } : {}),
        ...(before?.imageRef ? { previousImageRef: before.imageRef } : {}),
        movedTags: moved.find((m) => m.service === service)?.tags ?? [],
      };
    }),
    ...(previous?.version ? { previousVersion: previous.version } : {}),
    ...(progress.health ? { health: progress.health } : {}),
  };
}

function failedStep(progress: ReleaseProgress): FailedStep {
  if (progress.finalStatusMissing !== undefined) return 'final-status';
  if (!progress.record) return 'before-record';
  if (!progress.deployed) return 'on-target';
  return 'health-check';
}

/** The outcome's one service, for the single-image outputs (`image-ref`, `digest`); undefined for several. */
export function onlyServiceResult(outcome: ReleaseOutcome): ServiceResult | undefined {
  const services = outcome.facts?.services;
  return services?.length === 1 ? services[0] : undefined;
}

/** The error that fails the step, or undefined when the release is live (or already was). */
export function outcomeError(outcome: ReleaseOutcome): Error | undefined {
  return outcome.kind === 'failed' || outcome.kind === 'cancelled' ? outcome.error : undefined;
}
