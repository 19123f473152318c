import { formatDuration, type SummaryCell, type SummarySection } from '@deploy-kit/action-kit';
import { notifySummarySections, type DeployEvent } from '@deploy-kit/notify';
import { releaseDigests, releaseSummarySections, type ReleaseProgress } from '@deploy-kit/engine';
import type { DeployTarget } from '@deploy-kit/targets';
import type { PipelineState, SentNotice } from './state';

export interface PipelineSummaryContext {
  target: DeployTarget;
  healthConfigured: boolean;
  environmentUrl?: string;
  repositoryUrl?: string;
  runUrl?: string;
}

const RESULT_TEXT = {
  deployed: '✅ **deployed**',
  'rolled-back': '↩️ **rolled-back**: the deploy failed and the last good release runs again',
  failed: '❌ **failed**',
} as const;

/** The job summary: one row per stage with its outcome, then each stage's own details. */
export function pipelineSummary(
  state: PipelineState,
  context: PipelineSummaryContext,
): { title: string; sections: SummarySection[] } {
  const stages: SummaryCell[][] = [
    ['Pre-deploy checks', ...checksRow(state)],
    ['Deploy', ...deployRow(state)],
    ['Health check', ...healthRow(state, context.healthConfigured)],
    ['Rollback', ...rollbackRow(state)],
    ...state.notifications.map((sent) => [`Notify (${sent.notice.status})`, ...notifyRow(sent)]),
  ];
  if (state.notifications.length === 0) stages.push(['Notify', '⏭️ not sent', undefined]);
  const sections: SummarySection[] = [
    {
      text: `Result: ${RESULT_TEXT[state.result]}`,
      table: { header: ['Stage', 'Outcome', 'Details'], rows: stages },
    },
  ];
  if (state.checks) {
    sections.push({
      heading: 'Pre-deploy checks',
      table: {
        header: ['Check', 'Result', 'Details'],
        rows: state.checks.results.map((r) => [
          r.check,
          r.outcome,
          r.warning ? `${r.detail} ⚠️ ${r.warning}` : r.detail,
        ]),
      },
    });
  }
  const release = (progress: ReleaseProgress, error: Error | undefined) =>
    releaseSummarySections(progress, {
      environment: state.environment,
      target: context.target,
      ...(context.environmentUrl ? { environmentUrl: context.environmentUrl } : {}),
      ...(context.repositoryUrl ? { repositoryUrl: context.repositoryUrl } : {}),
      ...(context.runUrl ? { runUrl: context.runUrl } : {}),
      ...(error ? { error } : {}),
    });
  if (state.failedStage !== 'checks') sections.push(...headed('Deploy', release(state.deploy, state.deployError)));
  if (state.rollback) sections.push(...headed('Rollback', release(state.rollback.progress, state.rollback.error)));
  for (const sent of state.notifications) {
    if (!sent.result) continue;
    const about = { status: sent.notice.status, environment: state.environment, version: sent.notice.version };
    sections.push(
      ...headed(`Notification: ${sent.notice.status}`, notifySummarySections(sent.result, aboutEvent(about))),
    );
  }
  return { title: `Deploy pipeline: ${state.version} to ${state.environment}`, sections };
}

// The summary only shows status, environment and version; the rest of an event is for the channels.
function aboutEvent(about: Pick<DeployEvent, 'status' | 'environment' | 'version'>): DeployEvent {
  return { ...about, repository: '', sha: '', actor: '', runUrl: '', serverUrl: '' };
}

function headed(heading: string, sections: SummarySection[]): SummarySection[] {
  const [first, ...rest] = sections;
  return first ? [{ heading, ...first }, ...rest] : [{ heading }];
}

function checksRow(state: PipelineState): [string, string] {
  if (state.checksError) return ['❌ could not run', state.checksError.message];
  const results = state.checks?.results ?? [];
  const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  const failures = state.checks?.failures ?? [];
  if (failures.length > 0)
    return ['❌ failed', `${failures.length} failed: ${failures.map((f) => f.check).join(', ')}`];
  return ['✅ passed', `${count('passed')} passed, ${count('skipped')} skipped`];
}

function deployRow(state: PipelineState): [string, string | undefined] {
  if (state.failedStage === 'checks') return ['⏭️ not run', 'refused by the pre-deploy checks'];
  const { record, intent, deployed } = state.deploy;
  const what = intent ? `${intent.request.version} (${releaseDigests(intent.request.services)})` : state.version;
  if (state.deploy.outcome === 'success') return ['✅ live', `${what} as deployment #${record?.id}`];
  if (!record) return ['❌ failed', `nothing recorded or deployed: ${state.deployError?.message ?? ''}`];
  if (!deployed) return ['❌ failed', `deployment #${record.id} of ${what} failed on the target`];
  return ['❌ failed', `${what} went live; deployment #${record.id} is recorded as failure`];
}

function healthRow(state: PipelineState, configured: boolean): [string, string | undefined] {
  if (!configured) return ['⏭️ not configured', 'no `health-url` given'];
  const report = state.deploy.health;
  if (!report) return ['⏭️ not run', state.failedStage ? 'the deploy stopped before it' : undefined];
  const took = `${report.attempts} attempt(s) in ${formatDuration(report.durationMs)}`;
  return report.healthy ? ['✅ healthy', took] : ['❌ unhealthy', `${report.failingUrl ?? 'a URL'}: ${took}`];
}

function rollbackRow(state: PipelineState): [string, string | undefined] {
  if (state.result === 'deployed') return ['⏭️ not needed', undefined];
  if (state.failedStage === 'checks') return ['⏭️ not needed', 'nothing was deployed'];
  if (state.rollbackSkipped) return ['⏭️ skipped', state.rollbackSkipped];
  const rollback = state.rollback;
  if (!rollback) return ['⏭️ not run', undefined];
  const plan = rollback.progress.intent;
  const to = plan ? `${plan.request.version} (${releaseDigests(plan.request.services)})` : undefined;
  if (rollback.error) return ['❌ failed', rollback.error.message];
  if (rollback.progress.outcome === 'already-running')
    return ['⏭️ not needed', `${state.environment} still runs ${to ?? 'the last good release'}`];
  const id = rollback.progress.record?.id;
  const health = rollback.progress.health ? `, ${rollback.progress.health.healthy ? 'healthy' : 'unhealthy'}` : '';
  return ['↩️ rolled back', `to ${to} as deployment #${id}${health}`];
}

function notifyRow(sent: SentNotice): [string, string | undefined] {
  if (sent.error) return ['⚠️ not sent', sent.error.message];
  const result = sent.result;
  if (!result || result.channels.length === 0) return ['⏭️ no channel', 'no notification channel configured'];
  if (result.failed.length === 0) return ['✅ delivered', result.delivered.join(', ')];
  const failed = result.failed.map((f) => f.channel).join(', ');
  return [
    '⚠️ failed',
    result.delivered.length ? `delivered: ${result.delivered.join(', ')}; failed: ${failed}` : `failed: ${failed}`,
  ];
}
