import { formatDuration, type SummaryCell, type SummarySection } from '@deploy-kit/action-kit';
import { notifySummarySections, type DeployEvent } from '@deploy-kit/notify';
import {
  outcomeSummarySections,
  primaryRelease,
  releaseDigests,
  type ReleaseFacts,
  type ReleaseFailure,
  type ReleaseOutcome,
} from '@deploy-kit/engine';
import type { DeployTarget } from '@deploy-kit/targets';
import { pipelineOutcome } from './outcome';
import type { PipelineState, SentNotice } from './state';

export interface PipelineSummaryContext {
  target: DeployTarget;
  healthConfigured: boolean;
  environmentUrl?: string;
  repositoryUrl?: string;
  runUrl?: string;
  /** What the user asked for, shown when the deploy stopped before its images were known. */
  requested?: { image?: string; version?: string };
}

const RESULT_TEXT: Record<ReleaseOutcome['kind'], string> = {
  deployed: '✅ **deployed**',
  'rolled-back': '↩️ **rolled-back**: the deploy failed and the last good release runs again',
  'rollback-failed': '❌ **failed**: the deploy failed, and so did its automatic rollback',
  refused: '❌ **failed**: refused before anything was deployed',
  'already-running': '✅ **deployed**: it was already running',
  cancelled: '❌ **failed**: the job was cancelled during the deploy; not rolled back',
  failed: '❌ **failed**',
};

/** The job summary: one row per stage with its outcome, then each stage's own details. */
export function pipelineSummary(
  state: PipelineState,
  context: PipelineSummaryContext,
): { title: string; sections: SummarySection[] } {
  const outcome = pipelineOutcome(state);
  const stages: SummaryCell[][] = [
    ['Pre-deploy checks', ...checksRow(state)],
    ['Deploy', ...deployRow(outcome)],
    ['Health check', ...healthRow(outcome, context.healthConfigured)],
    ['Rollback', ...rollbackRow(outcome)],
    ...state.notifications.map((sent) => [`Notify (${sent.notice.status})`, ...notifyRow(sent)]),
  ];
  if (state.notifications.length === 0) stages.push(['Notify', '⏭️ not sent', undefined]);
  const sections: SummarySection[] = [
    {
      text: `Result: ${RESULT_TEXT[outcome.kind]}`,
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
  if (outcome.kind !== 'refused') {
    const { healthConfigured: _health, ...summaryContext } = context;
    sections.push(...outcomeSummarySections(outcome, { ...summaryContext, headings: true }));
  }
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

/** `v2.0.0 (sha256:…)`: a release's version and digests, or the version alone before they were known. */
function described(facts: ReleaseFacts | undefined, version: string | undefined): string {
  return facts ? `${facts.version} (${releaseDigests(facts.services)})` : (version ?? 'the release');
}

/** The deploy that was asked for, when it failed. */
function failedDeploy(outcome: ReleaseOutcome): ReleaseFailure | undefined {
  if (outcome.kind === 'failed' || outcome.kind === 'cancelled') return outcome;
  if (outcome.kind === 'rolled-back' || outcome.kind === 'rollback-failed') return outcome.after;
  return undefined;
}

function deployRow(outcome: ReleaseOutcome): [string, string | undefined] {
  if (outcome.kind === 'refused') return ['⏭️ not run', 'refused by the pre-deploy checks'];
  const failure = failedDeploy(outcome);
  if (!failure) {
    const release = primaryRelease(outcome);
    return ['✅ live', `${described(release?.facts, release?.version)} as deployment #${release?.deploymentId}`];
  }
  const what = described(failure.facts, failure.version);
  if (failure.deploymentId === undefined)
    return ['❌ failed', `nothing recorded or deployed: ${failure.error.message}`];
  if (!failure.applied) return ['❌ failed', `deployment #${failure.deploymentId} of ${what} failed on the target`];
  return ['❌ failed', `${what} went live; deployment #${failure.deploymentId} is recorded as failure`];
}

function healthRow(outcome: ReleaseOutcome, configured: boolean): [string, string | undefined] {
  if (!configured) return ['⏭️ not configured', 'no health URL configured'];
  const report = primaryRelease(outcome)?.facts?.health;
  if (!report) return ['⏭️ not run', outcome.kind === 'deployed' ? undefined : 'the deploy stopped before it'];
  const took = `${report.attempts} attempt(s) in ${formatDuration(report.durationMs)}`;
  return report.healthy ? ['✅ healthy', took] : ['❌ unhealthy', `${report.failingUrl ?? 'a URL'}: ${took}`];
}

function rollbackRow(outcome: ReleaseOutcome): [string, string | undefined] {
  switch (outcome.kind) {
    case 'deployed':
    case 'already-running':
      return ['⏭️ not needed', undefined];
    case 'refused':
      return ['⏭️ not needed', 'nothing was deployed'];
    case 'cancelled':
      return ['⏭️ skipped', 'the job was cancelled'];
    case 'rollback-failed':
      return ['❌ failed', outcome.rollback.error.message];
    case 'rolled-back': {
      const health = outcome.facts.health ? `, ${outcome.facts.health.healthy ? 'healthy' : 'unhealthy'}` : '';
      return [
        '↩️ rolled back',
        `to ${described(outcome.facts, undefined)} as deployment #${outcome.deploymentId}${health}`,
      ];
    }
    case 'failed': {
      const { rollback } = outcome;
      if (!rollback) return ['⏭️ not run', undefined];
      if (rollback.kind === 'not-needed')
        return [
          '⏭️ not needed',
          `${outcome.environment} still runs ${rollback.facts ? described(rollback.facts, undefined) : 'the last good release'}`,
        ];
      return ['⏭️ skipped', rollback.reason];
    }
  }
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
