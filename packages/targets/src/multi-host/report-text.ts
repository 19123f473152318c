import { renderHostTable, type HostResult } from '@deploy-kit/rollout';
import { proxyRolloutLine, renderRolloutReport } from '../blue-green/rollout-report';
import type { HostsRolloutReport, RolloutReport } from '../types';

const OUTCOME: Record<HostsRolloutReport['outcome'], string> = {
  completed: '✅ every host updated',
  'rolled-back': '↩️ stopped; every host it changed is back on the previous release',
  'rollback-failed': '❌ stopped; some hosts could not be put back',
};

/**
 * A rollout's results as Markdown for the job summary: a row per host, or the steps of one host
 * behind its proxy (blue-green: each step; canary: each weight with its analysis, then each step).
 */
export function rolloutMarkdown(report: RolloutReport): string {
  // Errors come from hosts and servers: escaped so a stray tag can neither hide nor fake a row.
  return markdownOf(report).replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function markdownOf(report: RolloutReport): string {
  switch (report.strategy) {
    case 'recreate':
    case 'rolling':
      return `${hostsHead(report)}\n\n${renderHostTable(report.hosts)}`;
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
