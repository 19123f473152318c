import { UserError } from '@deploy-kit/action-kit';
import type { NotifyResult } from './send';

/**
 * Turns failed deliveries into what the step shows: a warning annotation per
 * channel, or, with fail-on-error, a failed step naming them all.
 */
export function reportNotifyResult(
  result: Pick<NotifyResult, 'failed'>,
  failOnError: boolean,
  warn: (line: string) => void,
): void {
  if (!result.failed.length) return;
  const lines = result.failed.map((f) => `Notification to ${f.channel} failed: ${f.reason}`);
  if (failOnError) throw new UserError(lines.join('; '));
  for (const line of lines) warn(line);
}
