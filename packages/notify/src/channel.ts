import type { MessageContent } from './content';
import type { DeployEvent } from './event';

export type ChannelName = 'slack' | 'teams' | 'discord' | 'webhook' | 'email';

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
  attempt(event: DeployEvent, content: MessageContent, context: AttemptContext): Promise<AttemptOutcome>;
}
