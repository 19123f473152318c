import { formatDuration } from '@deploy-kit/action-kit';
import { backoffDelay, sleep } from '@deploy-kit/http';
import { randomUUID } from 'node:crypto';
import type { AttemptOutcome, Channel } from './channel';
import type { MessageContent } from './content';
import type { DeployEvent } from './event';
import { redact } from './redact';

export interface DeliveryOptions {
  timeoutMs: number;
  attempts: number;
  /** Delay before the second attempt; doubles after that, with jitter. */
  retryDelayMs: number;
  /** The longest Retry-After we wait for; a longer one ends the retries. */
  maxRetryAfterMs: number;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface ChannelReport {
  channel: string;
  destination: string;
  delivered: boolean;
  attempts: number;
  /** What the receiver answered, or why it failed. Never holds a secret. */
  detail: string;
}

/** Tries one channel until it accepts, says stop, or attempts run out. Never throws. */
export async function deliver(
  channel: Channel,
  event: DeployEvent,
  content: MessageContent,
  options: DeliveryOptions,
): Promise<ChannelReport> {
  const wait = options.sleep ?? sleep;
  const deliveryId = randomUUID();
  const say = (line: string) =>
    options.log(redact(`${channel.name} (${channel.destination}): ${line}`, channel.secrets));
  const report = (delivered: boolean, attempts: number, detail: string): ChannelReport => ({
    channel: channel.name,
    destination: channel.destination,
    delivered,
    attempts,
    detail: redact(detail, channel.secrets),
  });
  for (let attempt = 1; ; attempt++) {
    const outcome = await safeAttempt(channel, event, content, options.timeoutMs, deliveryId);
    if (outcome.ok) {
      say(`delivered (${outcome.detail}) on attempt ${attempt} of ${options.attempts}`);
      return report(true, attempt, outcome.detail);
    }
    const counted = `${outcome.reason} (attempt ${attempt} of ${options.attempts})`;
    if (!outcome.retry || attempt >= options.attempts) {
      say(`failed: ${counted}`);
      return report(false, attempt, attempt > 1 ? `${outcome.reason} after ${attempt} attempts` : outcome.reason);
    }
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > options.maxRetryAfterMs) {
      const reason = `${outcome.reason}; asked to wait ${formatDuration(outcome.retryAfterMs)}, longer than the ${formatDuration(options.maxRetryAfterMs)} limit`;
      say(`failed: ${reason} (attempt ${attempt} of ${options.attempts})`);
      return report(false, attempt, reason);
    }
    const delay =
      outcome.retryAfterMs ??
      backoffDelay(attempt, {
        attempts: options.attempts,
        initialDelayMs: options.retryDelayMs,
        factor: 2,
        jitter: 0.2,
      });
    say(
      `${counted}; retrying in ${formatDuration(delay)}${outcome.retryAfterMs !== undefined ? ' as Retry-After asks' : ''}`,
    );
    await wait(delay);
  }
}

// A bug in one channel must not stop the others: it becomes this channel's failure.
async function safeAttempt(
  channel: Channel,
  event: DeployEvent,
  content: MessageContent,
  timeoutMs: number,
  deliveryId: string,
): Promise<AttemptOutcome> {
  try {
    return await channel.attempt(event, content, { timeoutMs, deliveryId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, retry: false, reason: `unexpected error: ${message}` };
  }
}
