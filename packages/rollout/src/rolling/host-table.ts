import { clockTime, duration, table } from '../markdown';
import type { HostResult, Revert } from './types';

function revertText(revert: Revert): string {
  switch (revert.kind) {
    case 'not-needed':
      return 'not needed';
    case 'reverted':
      return `✅ reverted in ${duration(revert.finishedAt - revert.startedAt)}`;
    case 'revert-failed':
      return `❌ ${revert.error}`;
  }
}

/** The hosts of a rolling rollout as a Markdown table for the job summary. */
export function renderHostTable(hosts: HostResult[]): string {
  const rows = hosts.map((h) => {
    switch (h.status) {
      case 'updated':
        return [
          h.host,
          String(h.batch),
          '✅ updated',
          '',
          clockTime(h.startedAt),
          duration(h.finishedAt - h.startedAt),
        ];
      case 'failed':
        return [
          h.host,
          String(h.batch),
          `❌ ${h.phase} failed: ${h.error}`,
          revertText(h.revert),
          clockTime(h.startedAt),
          duration(h.finishedAt - h.startedAt),
        ];
      case 'rolled-back':
        return [
          h.host,
          String(h.batch),
          '↩️ updated, then rolled back',
          revertText(h.revert),
          clockTime(h.startedAt),
          duration(h.finishedAt - h.startedAt),
        ];
      case 'not-started':
        return [h.host, String(h.batch), '⏭️ not started', '', '', ''];
    }
  });
  return table(['Host', 'Batch', 'Result', 'Previous release', 'Started (UTC)', 'Took'], rows);
}
