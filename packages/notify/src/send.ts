import type { Channel } from './channel';
import { buildContent } from './content';
import { deliver, type ChannelReport } from './deliver';
import type { DeployEvent } from './event';

export interface SendOptions {
  /** Where progress lines go; standard output (the step's log) by default. */
  log?: (line: string) => void;
  /** Per request (and per SMTP stage). Default 10s. */
  timeoutMs?: number;
  /** Attempts per channel, the first included. Default 3. */
  attempts?: number;
  /** Delay before the first retry, doubling after. Default 1s. */
  retryDelayMs?: number;
  /** Longest Retry-After honoured. Default 30s. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface NotifyResult {
  delivered: string[];
  failed: { channel: string; reason: string }[];
  /** One row per channel, in the order given: what the summary table shows. */
  channels: ChannelReport[];
}

/** Sends the event to every channel at once; one failing never stops the others. */
export async function sendNotifications(
  channels: Channel[],
  event: DeployEvent,
  options: SendOptions = {},
): Promise<NotifyResult> {
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  if (!channels.length) {
    log('No notification channel configured: nothing to send.');
    return { delivered: [], failed: [], channels: [] };
  }
  const sending = channels.filter((channel) => {
    const skip = channel.skipReason?.(event);
    if (skip) log(`${channel.name} (${channel.destination}): nothing sent: ${skip}.`);
    return !skip;
  });
  const content = buildContent(event);
  const reports = await Promise.all(
    sending.map((channel) =>
      deliver(channel, event, content, {
        timeoutMs: options.timeoutMs ?? 10_000,
        attempts: Math.max(1, options.attempts ?? 3),
        retryDelayMs: options.retryDelayMs ?? 1000,
        maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
        log,
        ...(options.sleep ? { sleep: options.sleep } : {}),
      }),
    ),
  );
  return {
    delivered: reports.filter((r) => r.delivered).map((r) => r.channel),
    failed: reports
      .filter((r) => !r.delivered)
      .map((r) => ({ channel: r.channel, reason: `${r.destination}: ${r.detail}` })),
    channels: reports,
  };
}
