import { UserError } from '@deploy-kit/action-kit';
import type { HealthReport } from '@deploy-kit/health';
import type { DeploymentPayload } from '@deploy-kit/ledger';
import type { RolloutReport } from '@deploy-kit/targets';
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
  /** What each step of a rollout did: per host (several hosts), or a blue-green or canary deploy's steps. */
  rollout?: RolloutReport;
}

/** Where a failed release stopped. */
export type FailedStep = 'before-record' | 'on-target' | 'health-check' | 'final-status';

export type RolledBackFrom = NonNullable<DeploymentPayload['rolledBackFrom']>;

/** A deploy or rollback that did not end live: how far it got, and why it stopped. */
export interface ReleaseFailure {
  task: 'deploy' | 'rollback';
  step: FailedStep;
  /** The version asked for (a deploy) or chosen (a rollback), when known. */
  version?: string;
  /** Absent when it stopped before its images were known. */
  facts?: ReleaseFacts;
  deploymentId?: number;
  /** The target reported the images applied (they ran, whatever the record says). */
  applied: boolean;
  error: Error;
}

/** A pre-deploy check that refused the release. */
export interface CheckFailure {
  check: string;
  reason: string;
}

/**
 * Why a failed deploy was not rolled back on its own (the one-step action).
 * `off`: the user turned it off, so the error line does not repeat it.
 * `not-needed`: the target still ran the last good release.
 */
export type NoRollback =
  { kind: 'off'; reason: string } | { kind: 'skipped'; reason: string } | { kind: 'not-needed'; facts?: ReleaseFacts };

/**
 * How a deploy, a rollback or the one-step action ended, tagged by kind:
 * the job summary, the notification, the outputs and the step's error are
 * each rendered from it, once (summary.ts, render-*.ts).
 *
 * - `deployed`: the release asked for is live and healthy.
 * - `rolled-back`: a rollback is live; `after` is the failed deploy it
 *   followed when it was automatic (the one-step action).
 * - `rollback-failed`: a deploy failed and its automatic rollback failed too.
 * - `refused`: bad input, config or a pre-deploy check stopped it before any
 *   side effect (`checks`: the checks that refused it).
 * - `already-running`: the target already ran what was asked; nothing recorded.
 * - `cancelled`: the job was cancelled mid-release; never rolled back.
 * - `failed`: stopped at `step`; `rollback` says why it was not rolled back.
 */
export type ReleaseOutcome =
  | { kind: 'deployed'; environment: string; facts: ReleaseFacts; deploymentId: number }
  | {
      kind: 'rolled-back';
      environment: string;
      facts: ReleaseFacts;
      deploymentId: number;
      from?: RolledBackFrom;
      reason?: string;
      after?: ReleaseFailure;
    }
  | { kind: 'rollback-failed'; environment: string; after: ReleaseFailure; rollback: ReleaseFailure }
  | {
      kind: 'refused';
      environment: string;
      /** `inputs`: a bad input or config file; `checks`: the pre-deploy checks (`checks` lists the failures; absent: they could not run). */
      stage: 'inputs' | 'checks';
      version?: string;
      error: Error;
      checks?: CheckFailure[];
    }
  | { kind: 'already-running'; environment: string; facts: ReleaseFacts; deploymentId?: number; from?: RolledBackFrom }
  | ({ kind: 'cancelled'; environment: string } & ReleaseFailure)
  | ({ kind: 'failed'; environment: string; rollback?: NoRollback } & ReleaseFailure);

export type OutcomeKind = ReleaseOutcome['kind'];

/** What the caller knows before the release: where it goes, the version asked for (a deploy), whether the job was cancelled. */
export interface OutcomeContext {
  environment: string;
  version?: string;
  cancelled?: boolean;
}

/**
 * The outcome of one deploy or rollback from how far it got (`progress`) and
 * the error that ended it, if any.
 */
export function releaseOutcome(
  task: 'deploy' | 'rollback',
  progress: ReleaseProgress,
  error: Error | undefined,
  context: OutcomeContext,
): ReleaseOutcome {
  const { environment } = context;
  if (error) {
    const failure = releaseFailure(task, progress, error, context.version);
    return context.cancelled
      ? { kind: 'cancelled', environment, ...failure }
      : { kind: 'failed', environment, ...failure };
  }
  const facts = factsOf(progress);
  const deploymentId = progress.record?.id;
  const intent = progress.intent;
  if (!facts) throw new Error('a release that did not fail has an intent');
  if (intent?.kind === 'already-running') {
    const from = intent.record?.payload.rolledBackFrom;
    return {
      kind: 'already-running',
      environment,
      facts,
      ...(intent.record ? { deploymentId: intent.record.id } : {}),
      ...(from ? { from } : {}),
    };
  }
  if (deploymentId === undefined) throw new Error('a release that did not fail was recorded');
  if (task === 'deploy') return { kind: 'deployed', environment, facts, deploymentId };
  const extras = intent?.kind === 'release' ? intent.payloadExtras : undefined;
  return {
    kind: 'rolled-back',
    environment,
    facts,
    deploymentId,
    ...(extras?.rolledBackFrom ? { from: extras.rolledBackFrom } : {}),
    ...(extras?.reason ? { reason: extras.reason } : {}),
  };
}

/** A release's progress and error as a ReleaseFailure: where it stopped and what it meant to do. */
export function releaseFailure(
  task: 'deploy' | 'rollback',
  progress: ReleaseProgress,
  error: Error,
  version?: string,
): ReleaseFailure {
  const facts = factsOf(progress);
  const known = facts?.version ?? version;
  const deploymentId = progress.record?.id ?? progress.finalStatusMissing;
  return {
    task,
    step: failedStep(progress),
    ...(known ? { version: known } : {}),
    ...(facts ? { facts } : {}),
    ...(deploymentId !== undefined ? { deploymentId } : {}),
    applied: progress.deployed === true,
    error,
  };
}

/**
 * The one-step action's outcome once its automatic rollback is settled: the
 * failed deploy followed by a live rollback is `rolled-back` (with `after`),
 * by a failed one `rollback-failed`. A rollback that found the last good
 * release still running changed nothing: the deploy's failure stands.
 */
export function afterAutomaticRollback(
  deploy: ReleaseFailure,
  environment: string,
  rollback: ReleaseOutcome | NoRollback,
): ReleaseOutcome {
  switch (rollback.kind) {
    case 'rolled-back':
      return { ...rollback, after: deploy };
    case 'failed':
    case 'cancelled': {
      const { kind: _kind, environment: _environment, ...failure } = rollback;
      const attempt: ReleaseFailure = failure;
      return { kind: 'rollback-failed', environment, after: deploy, rollback: attempt };
    }
    case 'already-running':
      return { kind: 'failed', environment, ...deploy, rollback: { kind: 'not-needed', facts: rollback.facts } };
    case 'off':
    case 'skipped':
    case 'not-needed':
      return { kind: 'failed', environment, ...deploy, rollback };
    default:
      throw new Error(`a rollback does not end ${rollback.kind}`);
  }
}

/** Refused by the pre-deploy checks: one line naming every failed check; nothing was deployed. */
export function refusedByChecks(environment: string, version: string, checks: CheckFailure[]): ReleaseOutcome {
  const list = checks.map((f) => `${f.check}: ${f.reason}`).join('; ');
  const error = new UserError(`Pre-deploy checks failed for ${environment}: ${list}. Nothing was deployed.`);
  return { kind: 'refused', environment, stage: 'checks', version, error, checks };
}

/** The checks could not run at all (a bug: each check reports its own problems); nothing was deployed. */
export function checksCouldNotRun(environment: string, version: string, cause: Error): ReleaseOutcome {
  const reason = cause.message.replace(/[.\s]+$/, '');
  const error = new Error(`The pre-deploy checks could not run: ${reason}. Nothing was deployed.`, { cause });
  return { kind: 'refused', environment, stage: 'checks', version, error };
}

/** A bad input or config file, found before anything was contacted. */
export function refusedInput(environment: string, error: Error, version?: string): ReleaseOutcome {
  return { kind: 'refused', environment, stage: 'inputs', ...(version ? { version } : {}), error };
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
    ...(progress.rollout ? { rollout: progress.rollout } : {}),
  };
}

function failedStep(progress: ReleaseProgress): FailedStep {
  if (progress.finalStatusMissing !== undefined) return 'final-status';
  if (!progress.record) return 'before-record';
  if (!progress.deployed) return 'on-target';
  return 'health-check';
}

/**
 * The release an outcome is about: the deploy that was asked for (the failed
 * one, when a rollback followed it), or the one release of a deploy or
 * rollback action. Undefined when refused before anything was known.
 */
export function primaryRelease(
  outcome: ReleaseOutcome,
): { facts?: ReleaseFacts; deploymentId?: number; version?: string } | undefined {
  switch (outcome.kind) {
    case 'refused':
      return outcome.version ? { version: outcome.version } : undefined;
    case 'rollback-failed':
      return outcome.after;
    case 'rolled-back':
      return (
        outcome.after ?? { facts: outcome.facts, deploymentId: outcome.deploymentId, version: outcome.facts.version }
      );
    case 'deployed':
    case 'already-running':
      return {
        facts: outcome.facts,
        version: outcome.facts.version,
        ...(outcome.deploymentId !== undefined ? { deploymentId: outcome.deploymentId } : {}),
      };
    case 'failed':
    case 'cancelled':
      return outcome;
  }
}

/** The outcome's one service, for the single-image outputs (`image-ref`, `digest`); undefined for several. */
export function onlyServiceResult(outcome: ReleaseOutcome): ServiceResult | undefined {
  const services = primaryRelease(outcome)?.facts?.services;
  return services?.length === 1 ? services[0] : undefined;
}

/**
 * Where a failed release stopped, as the one-step action's `failed-stage`
 * names it: `health-check` when the health check said no, else `deploy`.
 */
export function failedStage(failure: Pick<ReleaseFailure, 'facts'>): 'deploy' | 'health-check' {
  return failure.facts?.health && !failure.facts.health.healthy ? 'health-check' : 'deploy';
}

/** `failed its health check` / `failed to deploy`: what went wrong with a failed release, for one line. */
export function failureVerb(failure: Pick<ReleaseFailure, 'facts'>): string {
  return failedStage(failure) === 'health-check' ? 'failed its health check' : 'failed to deploy';
}
