import { renderHostTable, type HostResult } from '@deploy-kit/rollout';
import type { RolloutReport } from '../types';

const OUTCOME: Record<RolloutReport['outcome'], string> = {
  completed: '✅ every host updated',
  'rolled-back': '↩️ stopped; every host it changed is back on the previous release',
  'rollback-failed': '❌ stopped; some hosts could not be put back',
};

/** The rollout's per-host results as Markdown for the job summary: a heading line, then a row per host. */
export function rolloutMarkdown(report: RolloutReport): string {
  const head = `**${report.strategy}** over ${report.hosts.length} host(s): ${OUTCOME[report.outcome]}${report.reason ? ` (${report.reason})` : ''}`;
  // Errors come from hosts and servers: escaped so a stray tag can neither hide nor fake a row.
  return `${head}\n\n${renderHostTable(report.hosts)}`.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** One line per rollout for notifications: each host and how it ended, e.g. `a: rolled back, c: health failed (reverted)`. */
export function rolloutLine(report: RolloutReport): string {
  return `Hosts (${report.strategy}): ${report.hosts.map(hostText).join(', ')}.`;
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
