import type { SummarySection } from '@deploy-kit/action-kit';
import { healthSummarySections } from '@deploy-kit/health';
import { imageRefOf } from './previous-release';
import type { DeployTarget, RunningRelease, ServiceImage } from '@deploy-kit/targets';
import type { ReleaseProgress } from './types';

export interface SummaryContext {
  environment: string;
  target: DeployTarget;
  environmentUrl?: string;
  /** `https://github.com/owner/repo`, for the deployments link. */
  repositoryUrl?: string;
  runUrl?: string;
  /** The error that ended the run, if it failed. */
  error?: Error;
  /** What the user asked for, shown when the run failed before a plan existed. */
  requested?: { image?: string; version?: string };
}

const OUTCOME_TEXT = {
  success: '✅ Live',
  failure: '❌ Failed',
  'already-running': '✅ Already running (nothing deployed)',
} as const;

/**
 * The job summary of a deploy or rollback: what went where, what ran
 * before, the ledger record and the health check; on failure, how far it got.
 */
export function releaseSummarySections(progress: ReleaseProgress, context: SummaryContext): SummarySection[] {
  const plan = progress.intent;
  const request = plan?.request;
  const rows: [string, string | number | undefined][] = [
    ['Outcome', progress.outcome ? OUTCOME_TEXT[progress.outcome] : '❌ Failed'],
    ['Environment', context.environment],
    ['Target', context.target.describe()],
    ['Version', request?.version ?? context.requested?.version],
    ...imageRows(request?.services, context.requested?.image),
  ];
  if (progress.previous) rows.push(['Previous version', previousVersion(progress.previous)]);
  if (plan?.kind === 'release' && plan.payloadExtras?.rolledBackFrom) {
    const from = plan.payloadExtras.rolledBackFrom;
    rows.push([
      'Rolled back from',
      `${from.version ?? from.digest ?? 'unknown'}${from.deploymentId ? ` (deployment #${from.deploymentId})` : ''}`,
    ]);
    if (plan.payloadExtras.reason) rows.push(['Reason', plan.payloadExtras.reason]);
  }
  const record = progress.record ?? (plan?.kind === 'already-running' ? plan.record : undefined);
  if (record) {
    const link = context.repositoryUrl
      ? `[#${record.id}](${context.repositoryUrl}/deployments/${encodeURIComponent(context.environment)})`
      : `#${record.id}`;
    rows.push(['Deployment', link]);
  }
  if (context.environmentUrl) rows.push(['Environment URL', context.environmentUrl]);
  if (progress.health) rows.push(['Health', progress.health.healthy ? 'healthy' : 'unhealthy']);
  if (progress.movedTags?.length) {
    const moved = progress.movedTags.map((m) => `${imageRefOf(m.image, '').replace(/@$/, '')}: ${m.tags.join(', ')}`);
    rows.push(['Moved tags', moved.join('; ')]);
  }
  if (context.error) rows.push(['Error', context.error.message]);
  if (context.runUrl) rows.push(['Run', `[logs](${context.runUrl})`]);

  const sections: SummarySection[] = [{ table: { header: ['Item', 'Value'], rows } }];
  if (progress.outcome === 'failure' || context.error) sections.unshift({ text: failureStage(progress) });
  if (progress.health) sections.push(...healthSummarySections(progress.health));
  return sections;
}

function failureStage(progress: ReleaseProgress): string {
  if (progress.finalStatusMissing !== undefined) {
    const what = progress.deployed ? 'The release went live, but deployment' : 'Deployment';
    return `${what} #${progress.finalStatusMissing} was left without a final status: GitHub did not accept it. Set it by hand or re-run the job.`;
  }
  if (!progress.intent) return 'Stopped before anything was deployed or recorded.';
  if (!progress.record) return 'Stopped before the deployment was recorded; nothing was deployed.';
  if (!progress.deployed) return `Deployment #${progress.record.id} failed on the target and is recorded as failure.`;
  return `The release went live but deployment #${progress.record.id} failed its checks and is recorded as failure.`;
}

type Row = [string, string | number | undefined];

/** One service: its Image and Digest rows; several: one row per service (`api`: image, digest). */
function imageRows(services: readonly ServiceImage[] | undefined, requested: string | undefined): Row[] {
  const only = services?.length === 1 ? services[0] : undefined;
  if (!services?.length) return [['Image', requested]];
  if (only)
    return [
      ['Image', only.image],
      ['Digest', `\`${only.digest}\``],
    ];
  return services.map((s): Row => [`Service ${s.service}`, `${s.image} \`${s.digest}\``]);
}

function previousVersion(previous: RunningRelease): string | undefined {
  if (previous.version) return previous.version;
  return (
    previous.services
      .map((s) => s.imageRef ?? s.digest)
      .filter(Boolean)
      .join(', ') || undefined
  );
}

/** A release's digests for one line: `sha256:…` for one service, `api sha256:…, frontend sha256:…` for several. */
export function releaseDigests(services: readonly ServiceImage[]): string {
  if (services.length === 1 && services[0]) return services[0].digest;
  return services.map((s) => `${s.service} ${s.digest}`).join(', ');
}
