import { renderHostTable, type CanaryStepResult, type HostResult } from '@deploy-kit/rollout';
import { proxyRolloutLine, renderRolloutReport, type ProxyRolloutReport } from '../blue-green/rollout-report';
import type { HostSteps, HostsRolloutReport, RolloutReport } from '../types';

const OUTCOME: Record<HostsRolloutReport['outcome'], string> = {
  completed: '✅ every host updated',
  'rolled-back': '↩️ stopped; every host it changed is back on the previous release',
  'rollback-failed': '❌ stopped; some hosts could not be put back',
};

/**
 * A rollout's results as Markdown for the job summary: a row per host (then, per-host blue-green,
 * each host's own steps), or the steps of one host behind its proxy (blue-green: each step;
 * canary: each weight with its analysis, then each step).
 */
export function rolloutMarkdown(report: RolloutReport): string {
  // Errors come from hosts and servers: escaped so a stray tag can neither hide nor fake a row.
  return markdownOf(report).replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function markdownOf(report: RolloutReport): string {
  switch (report.strategy) {
    case 'recreate':
    case 'rolling':
      return [
        hostsHead(report),
        renderHostTable(report.hosts).trimEnd(),
        ...(report.hostSteps ?? []).map(hostStepsText),
      ].join('\n\n');
    case 'blue-green':
    case 'canary':
      return renderRolloutReport(report).trimEnd();
  }
}

/**
 * One line for notifications: each host and how it ended, e.g. `Hosts (rolling): a rolled back,
 * c health failed (put back).`, or a canary's weights, e.g. `Canary on app1: 10% ✓, 50% ✗
 * error-ratio 0.5 > 0.01, aborted.`
 */
export function rolloutLine(report: RolloutReport): string {
  switch (report.strategy) {
    case 'recreate':
    case 'rolling':
      return `Hosts (${report.strategy}): ${report.hosts.map(hostText).join(', ')}.`;
    case 'blue-green':
    case 'canary':
      return proxyRolloutLine(report);
  }
}

/** One host's own steps under its heading, e.g. `**b**, putting back the previous release:` and its step table. */
function hostStepsText(entry: HostSteps): string {
  const what = entry.during === 'deploy' ? 'its deploy' : 'putting back the previous release';
  return `**${entry.host}**, ${what}:\n\n${renderRolloutReport(entry.report).trimEnd()}`;
}

function hostsHead(report: HostsRolloutReport): string {
  const reason = report.reason ? ` (${report.reason})` : '';
  return `**${report.strategy}** over ${report.hosts.length} host(s): ${OUTCOME[report.outcome]}${reason}`;
}

function hostText(host: HostResult): string {
  switch (host.status) {
    case 'updated':
      return `${host.host} updated`;
    case 'rolled-back':
      return `${host.host} ${host.revert.kind === 'revert-failed' ? 'updated, NOT put back' : 'rolled back'}`;
    case 'failed':
      return `${host.host} ${host.phase} failed (${host.revert.kind === 'revert-failed' ? 'NOT put back' : host.revert.kind === 'reverted' ? 'put back' : 'unchanged'})`;
    case 'not-started':
      return `${host.host} not started`;
  }
}

/**
 * A rollout's results in at most `room` characters, for the deployment's final status (GitHub
 * keeps 140 characters of a description): each host and how it ended, e.g. `rolling a:ok b:back
 * c:health-failed`, or one host behind its proxy, e.g. `canary app1: 10%:ok 50%:failed aborted`.
 * What does not fit is never dropped silently: the ok hosts become a count (`40 hosts: 37 ok`),
 * then the hosts still left out are counted (`+5 more`).
 */
export function rolloutStatusText(report: RolloutReport, room: number): string {
  switch (report.strategy) {
    case 'recreate':
    case 'rolling': {
      const full = `${report.strategy} ${report.hosts.map(hostToken).join(' ')}`;
      if (full.length <= room) return full;
      const ok = report.hosts.filter((host) => host.status === 'updated').length;
      const others = report.hosts.filter((host) => host.status !== 'updated').map(hostToken);
      return fitted(`${report.strategy} ${report.hosts.length} hosts: ${ok} ok`, others, room);
    }
    case 'blue-green':
    case 'canary':
      return fitted(`${report.strategy} ${report.host}:`, proxyTokens(report), room);
  }
}

/** `head` and as many tokens as fit in `room`, then how many were left out. */
function fitted(head: string, tokens: readonly string[], room: number): string {
  for (let shown = tokens.length; shown >= 0; shown--) {
    const left = tokens.length - shown;
    const text = [head, ...tokens.slice(0, shown), ...(left > 0 ? [`+${left} more`] : [])].join(' ');
    if (text.length <= room) return text;
  }
  return head.length <= room ? head : `${head.slice(0, Math.max(0, room - 1))}…`;
}

/** One host in a word: `a:ok`, `a:back`, `a:NOT-back`, `c:health-failed`, `c:deploy-failed,NOT-back`, `d:not-started`. */
function hostToken(host: HostResult): string {
  switch (host.status) {
    case 'updated':
      return `${host.host}:ok`;
    case 'rolled-back':
      return `${host.host}:${host.revert.kind === 'revert-failed' ? 'NOT-back' : 'back'}`;
    case 'failed':
      return `${host.host}:${host.phase}-failed${host.revert.kind === 'revert-failed' ? ',NOT-back' : ''}`;
    case 'not-started':
      return `${host.host}:not-started`;
  }
}

/** A blue-green deploy's ending and live colour, or a canary's weights and ending, word by word. */
function proxyTokens(report: ProxyRolloutReport): string[] {
  const live = report.live ? [`${report.live}-live`] : [];
  if (report.strategy === 'blue-green') return [report.outcome, ...live];
  const weights = (report.canary?.steps ?? []).map((step) => `${step.weight}%:${stepWord(step)}`);
  return [...weights, report.outcome, ...live];
}

function stepWord(step: CanaryStepResult): string {
  if (step.kind === 'error') return 'error';
  const WORDS = { success: 'ok', failure: 'failed', inconclusive: 'no-data' } as const;
  return WORDS[step.analysis.kind];
}
