import type { SummarySection } from '@deploy-kit/action-kit';
import type { DeployEvent } from './event';
import type { NotifyResult } from './send';
import { statusStyle } from './status';

type SummaryInput = Pick<NotifyResult, 'delivered' | 'failed'> & Partial<Pick<NotifyResult, 'channels'>>;

/** The job summary: what was announced, then one row per channel. */
export function notifySummarySections(result: SummaryInput, event: DeployEvent): SummarySection[] {
  const style = statusStyle(event.status);
  const about = [
    `${style.emoji} **${event.status}**`,
    event.environment ? `environment **${event.environment}**` : undefined,
    event.version ? `version **${event.version}**` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const rows = result.channels?.length
    ? result.channels.map((r) => [
        r.channel,
        r.destination,
        r.delivered ? '✅ delivered' : '⚠️ failed',
        r.attempts,
        r.detail,
      ])
    : [
        ...result.delivered.map((channel) => [channel, undefined, '✅ delivered', undefined, undefined]),
        ...result.failed.map((f) => [f.channel, undefined, '⚠️ failed', undefined, f.reason]),
      ];
  if (!rows.length) return [{ text: `${about}\n\nNo notification channel configured: nothing was sent.` }];
  return [{ text: about }, { table: { header: ['Channel', 'Destination', 'Result', 'Attempts', 'Details'], rows } }];
}
