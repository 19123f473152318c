import type { SummarySection } from '@deploy-kit/action-kit';
import { healthSummarySections } from '@deploy-kit/health';
import type { DeployTarget } from '../types';
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
  const plan = progress.plan;
  const request = plan?.request;
  const rows: [string, string | number | undefined][] = [
    ['Outcome', progress.outcome ? OUTCOME_TEXT[progress.outcome] : '❌ Failed'],
    ['Environment', context.environment],
    ['Target', context.target.describe()],
    ['Version', request?.version ?? context.requested?.version],
    ['Image', request?.image ?? context.requested?.image],
    ['Digest', request?.digest ? `\`${request.digest}\`` : undefined],
  ];
  if (progress.previous) rows.push(['Previous version', progress.previous.version ?? progress.previous.imageRef]);
  if (plan && !('alreadyRunning' in plan) && plan.payloadExtras?.rolledBackFrom) {
    const from = plan.payloadExtras.rolledBackFrom;
    rows.push([
      'Rolled back from',
      `${from.version ?? from.digest ?? 'unknown'}${from.deploymentId ? ` (deployment #${from.deploymentId})` : ''}`,
    ]);
    if (plan.payloadExtras.reason) rows.push(['Reason', plan.payloadExtras.reason]);
  }
  const record = progress.record ?? (plan && 'alreadyRunning' in plan ? plan.record : undefined);
  if (record) {
    const link = context.repositoryUrl
      ? `[#${record.id}](${context.repositoryUrl}/deployments/${encodeURIComponent(context.environment)})`
      : `#${record.id}`;
    rows.push(['Deployment', link]);
  }
  if (context.environmentUrl) rows.push(['Environment URL', context.environmentUrl]);
  if (progress.health) rows.push(['Health', progress.health.healthy ? 'healthy' : 'unhealthy']);
  if (context.error) rows.push(['Error', context.error.message]);
  if (context.runUrl) rows.push(['Run', `[logs](${context.runUrl})`]);

  const sections: SummarySection[] = [{ table: { header: ['Item', 'Value'], rows } }];
  if (progress.outcome === 'failure' || context.error) sections.unshift({ text: failureStage(progress) });
  if (progress.health) sections.push(...healthSummarySections(progress.health));
  return sections;
}

function failureStage(progress: ReleaseProgress): string {
  if (progress.finalStatusMissing !== undefined) {
    const what = progress.deployed ? 'The image went live, but deployment' : 'Deployment';
    return `${what} #${progress.finalStatusMissing} was left without a final status: GitHub did not accept it. Set it by hand or re-run the job.`;
  }
  if (!progress.plan) return 'Stopped before anything was deployed or recorded.';
  if (!progress.record) return 'Stopped before the deployment was recorded; nothing was deployed.';
  if (!progress.deployed) return `Deployment #${progress.record.id} failed on the target and is recorded as failure.`;
  return `The image went live but deployment #${progress.record.id} failed its checks and is recorded as failure.`;
}
