import type { MessageContent } from './content';
import type { DeployEvent } from './event';

export type ChannelName = 'slack' | 'teams' | 'discord' | 'webhook' | 'email' | 'pagerduty';

/** What one attempt to deliver ended with. */
export type AttemptOutcome =
  | { ok: true; detail: string }
  | {
      ok: false;
      reason: string;
      /** Worth another attempt: the receiver said "not now" or could not be reached. */
      retry: boolean;
      /** The receiver's own wait (Retry-After), overriding the backoff. */
      retryAfterMs?: number;
    };

export interface AttemptContext {
  timeoutMs: number;
  /** Same for every attempt of one message, so a receiver can drop duplicates. */
  deliveryId: string;
}

/**
 * A place messages go. `destination` is safe to print (a host name); the URL
 * or credentials behind it never leave the channel.
 */
export interface Channel {
  readonly name: ChannelName;
  readonly destination: string;
  /** Strings that must never be printed (URL, its path and query, passwords). */
  readonly secrets: readonly string[];
  /**
   * Why this channel has nothing to send for the event, or undefined when it
   * sends. A chat channel announces everything; an alerting channel only
   * opens and closes alerts (PagerDuty has no alert for a started deploy).
   */
  skipReason?(event: DeployEvent): string | undefined;
  attempt(event: DeployEvent, content: MessageContent, context: AttemptContext): Promise<AttemptOutcome>;
}
