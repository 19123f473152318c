import type { SummarySection } from '@deploy-kit/action-kit';
import { healthSummarySections } from '@deploy-kit/health';
import { imageRefOf } from './previous-release';
import { rolloutMarkdown, type DeployTarget, type ServiceImage } from '@deploy-kit/targets';
import type { ReleaseFacts, ReleaseFailure, ReleaseOutcome, RolledBackFrom } from './outcome';

export interface SummaryContext {
  /** Where the release went; a refusal (nothing deployed) has none. */
  target?: DeployTarget;
  environmentUrl?: string;
  /** `https://github.com/owner/repo`, for the deployments link. */
  repositoryUrl?: string;
  runUrl?: string;
  /** What the user asked for, shown when the run failed before its images were known. */
  requested?: { image?: string; version?: string };
  /** Head each release's table (`Deploy`, `Rollback`), as the one-step action's summary does. */
  headings?: boolean;
}

/**
 * The job summary of how a release ended: what went where, what ran before,
 * the ledger record and the health check; on failure, how far it got. A
 * deploy followed by its automatic rollback gives two tables, `Deploy` and
 * `Rollback`. Shared by the deploy, rollback and one-step actions.
 */
export function outcomeSummarySections(outcome: ReleaseOutcome, context: SummaryContext): SummarySection[] {
  const env = outcome.environment;
  const heading = context.headings ?? false;
  switch (outcome.kind) {
    case 'refused':
      return [
        { text: `**${outcome.error.message}**` },
        ...(outcome.stage === 'inputs'
          ? [{ text: 'Nothing was checked, deployed, recorded or sent: fix the input and run the job again.' }]
          : []),
      ];
    case 'deployed':
    case 'already-running':
    case 'rolled-back': {
      const live = releaseSections(liveView(outcome), env, context);
      if (outcome.kind === 'rolled-back' && outcome.after)
        return [
          ...headed('Deploy', releaseSections(failedView(outcome.after), env, context)),
          ...headed('Rollback', live),
        ];
      return heading ? headed(outcome.kind === 'rolled-back' ? 'Rollback' : 'Deploy', live) : live;
    }
    case 'rollback-failed':
      return [
        ...headed('Deploy', releaseSections(failedView(outcome.after), env, context)),
        ...headed('Rollback', releaseSections(failedView(outcome.rollback), env, context)),
      ];
    case 'failed':
    case 'cancelled': {
      const sections = releaseSections(failedView(outcome), env, context);
      return heading ? headed(outcome.task === 'rollback' ? 'Rollback' : 'Deploy', sections) : sections;
    }
  }
}

/** One release's table, whichever way it ended. */
interface ReleaseView {
  status: string;
  facts?: ReleaseFacts;
  version?: string;
  deploymentId?: number;
  from?: RolledBackFrom;
  reason?: string;
  failure?: ReleaseFailure;
}

const LIVE = '✅ Live';
const ALREADY_RUNNING = '✅ Already running (nothing deployed)';
const FAILED = '❌ Failed';

function liveView(
  outcome: Extract<ReleaseOutcome, { kind: 'deployed' | 'already-running' | 'rolled-back' }>,
): ReleaseView {
  return {
    status: outcome.kind === 'already-running' ? ALREADY_RUNNING : LIVE,
    facts: outcome.facts,
    ...(outcome.deploymentId !== undefined ? { deploymentId: outcome.deploymentId } : {}),
    ...(outcome.kind === 'rolled-back' && outcome.from ? { from: outcome.from } : {}),
    ...(outcome.kind === 'rolled-back' && outcome.reason ? { reason: outcome.reason } : {}),
  };
}

function failedView(failure: ReleaseFailure): ReleaseView {
  return {
    status: FAILED,
    ...(failure.facts ? { facts: failure.facts } : {}),
    ...(failure.version ? { version: failure.version } : {}),
    ...(failure.deploymentId !== undefined ? { deploymentId: failure.deploymentId } : {}),
    failure,
  };
}

type Row = [string, string | number | undefined];

function releaseSections(view: ReleaseView, environment: string, context: SummaryContext): SummarySection[] {
  const { facts } = view;
  const rows: Row[] = [
    ['Outcome', view.status],
    ['Environment', environment],
    ['Target', context.target?.describe()],
    ['Version', facts?.version ?? view.version ?? context.requested?.version],
    ...imageRows(facts?.services, context.requested?.image),
  ];
  const previous = facts ? previousVersion(facts) : undefined;
  if (previous) rows.push(['Previous version', previous]);
  if (view.from) {
    const from = view.from;
    rows.push([
      'Rolled back from',
      `${from.version ?? from.digest ?? 'unknown'}${from.deploymentId ? ` (deployment #${from.deploymentId})` : ''}`,
    ]);
    if (view.reason) rows.push(['Reason', view.reason]);
  }
  if (view.deploymentId !== undefined) {
    const link = context.repositoryUrl
      ? `[#${view.deploymentId}](${context.repositoryUrl}/deployments/${encodeURIComponent(environment)})`
      : `#${view.deploymentId}`;
    rows.push(['Deployment', link]);
  }
  if (context.environmentUrl) rows.push(['Environment URL', context.environmentUrl]);
  if (facts?.health) rows.push(['Health', facts.health.healthy ? 'healthy' : 'unhealthy']);
  const moved = facts?.services.filter((s) => s.movedTags.length > 0) ?? [];
  if (moved.length) {
    const lines = moved.map((s) => `${imageRefOf(s.image, '').replace(/@$/, '')}: ${s.movedTags.join(', ')}`);
    rows.push(['Moved tags', lines.join('; ')]);
  }
  if (view.failure) rows.push(['Error', view.failure.error.message]);
  if (context.runUrl) rows.push(['Run', `[logs](${context.runUrl})`]);

  const sections: SummarySection[] = [{ table: { header: ['Item', 'Value'], rows } }];
  if (view.failure) sections.unshift({ text: howFarItGot(view.failure) });
  if (facts?.rollout) sections.push({ text: rolloutMarkdown(facts.rollout) });
  if (facts?.health) sections.push(...healthSummarySections(facts.health));
  return sections;
}

/** Where a failed release stopped, in one sentence. */
function howFarItGot(failure: ReleaseFailure): string {
  const id = failure.deploymentId;
  if (failure.step === 'final-status') {
    const what = failure.applied ? 'The release went live, but deployment' : 'Deployment';
    return `${what} #${id} was left without a final status: GitHub did not accept it. Set it by hand or re-run the job.`;
  }
  if (!failure.facts) return 'Stopped before anything was deployed or recorded.';
  if (id === undefined) return 'Stopped before the deployment was recorded; nothing was deployed.';
  if (!failure.applied) return `Deployment #${id} failed on the target and is recorded as failure.`;
  return `The release went live but deployment #${id} failed its checks and is recorded as failure.`;
}

function headed(heading: string, sections: SummarySection[]): SummarySection[] {
  const [first, ...rest] = sections;
  return first ? [{ heading, ...first }, ...rest] : [{ heading }];
}

/** One service: its Image and Digest rows; several: one row per service (`api`: image, digest). */
function imageRows(
  services: readonly Pick<ServiceImage, 'service' | 'image' | 'digest'>[] | undefined,
  requested: string | undefined,
): Row[] {
  const only = services?.length === 1 ? services[0] : undefined;
  if (!services?.length) return [['Image', requested]];
  if (only)
    return [
      ['Image', only.image],
      ['Digest', `\`${only.digest}\``],
    ];
  return services.map((s): Row => [`Service ${s.service}`, `${s.image} \`${s.digest}\``]);
}

function previousVersion(facts: ReleaseFacts): string | undefined {
  if (facts.previousVersion) return facts.previousVersion;
  return (
    facts.services
      .map((s) => s.previousImageRef ?? s.previousDigest)
      .filter(Boolean)
      .join(', ') || undefined
  );
}

/** A release's digests for one line: `sha256:…` for one service, `api sha256:…, frontend sha256:…` for several. */
export function releaseDigests(services: readonly Pick<ServiceImage, 'service' | 'digest'>[]): string {
  if (services.length === 1 && services[0]) return services[0].digest;
  return services.map((s) => `${s.service} ${s.digest}`).join(', ');
}
