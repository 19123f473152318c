import type { Channel } from '../channel';
import { commitUrl, type MessageContent } from '../content';
import type { DeployEvent } from '../event';
import { postJson, type HttpAnswer } from '../http-post';
import { snippet } from '../redact';

/** Where Events API v2 alert events go (EU accounts use events.eu.pagerduty.com). */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

// Events API v2 limits: summary at most 1024 characters, dedup_key at most 255.
const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** What one deploy status does to the alert of its repository and environment. */
export type AlertAction =
  | { kind: 'trigger'; severity: PagerDutySeverity; alertClass: string }
  | { kind: 'resolve' }
  | { kind: 'none'; why: string };

/**
 * A failed deploy (including one whose automatic rollback failed too) pages
 * `critical` in production (see DeployEvent.production), where nothing
 * brought the environment back to a release known to be good, and `error`
 * elsewhere. A rollback pages `error`:
 * the environment runs the last good release, but the new one is broken.
 * The next successful deploy resolves the alert.
 */
export function alertActionFor(event: DeployEvent): AlertAction {
  switch (event.status) {
    case 'failure':
      return {
        kind: 'trigger',
        severity: isProduction(event) ? 'critical' : 'error',
        alertClass: 'deploy failed',
      };
    case 'rolled-back':
      return { kind: 'trigger', severity: 'error', alertClass: 'deploy rolled back' };
    case 'success':
      return { kind: 'resolve' };
    case 'started':
      return { kind: 'none', why: 'a started deploy opens no alert' };
    case 'cancelled':
      return { kind: 'none', why: 'a cancelled deploy neither opens nor resolves an alert' };
  }
}

// The same rule as the deployment records' (`production` or `prod`, any case) when the caller does not say.
function isProduction(event: DeployEvent): boolean {
  if (event.production !== undefined) return event.production;
  return event.environment !== undefined && /^prod(uction)?$/i.test(event.environment.trim());
}

/**
 * One alert per repository and environment: every failure of the same
 * environment updates the open alert instead of paging again, and a success
 * resolves it.
 */
export function pagerDutyDedupKey(event: DeployEvent): string {
  const key = ['deploy-kit', event.repository || 'unknown-repository', event.environment].filter(Boolean).join('/');
  return key.slice(0, DEDUP_KEY_MAX);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function summaryOf(content: MessageContent): string {
  // Phones and SMS show the summary: no emoji, and the reason right after the headline.
  const headline = content.title.startsWith(content.style.emoji)
    ? content.title.slice(content.style.emoji.length).trim()
    : content.title;
  const text = content.text ? `: ${content.text.replace(/\s+/g, ' ')}` : '';
  return clip(`${headline}${text}`, SUMMARY_MAX);
}

function sourceOf(event: DeployEvent): string {
  if (event.environmentUrl) {
    try {
      return new URL(event.environmentUrl).host;
    } catch {
      // Validated as a URL by the inputs; fall through to the repository.
    }
  }
  return event.repository || 'deploy-kit';
}

function present(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => !!entry[1]));
}

/** The Events API v2 body, or undefined when the status has nothing to tell PagerDuty. */
export function pagerDutyPayload(
  routingKey: string,
  event: DeployEvent,
  content: MessageContent,
  timestamp: Date = new Date(),
): Record<string, unknown> | undefined {
  const action = alertActionFor(event);
  const dedupKey = pagerDutyDedupKey(event);
  switch (action.kind) {
    case 'none':
      return undefined;
    // A resolve needs only the key of the alert it closes; PagerDuty ignores one with no open alert.
    case 'resolve':
      return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
    case 'trigger':
      return {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: dedupKey,
        payload: {
          summary: summaryOf(content),
          source: sourceOf(event),
          severity: action.severity,
          timestamp: timestamp.toISOString(),
          component: event.repository.split('/').pop() || 'deploy',
          ...(event.environment ? { group: event.environment } : {}),
          class: action.alertClass,
          custom_details: present({
            status: event.status,
            environment: event.environment,
            version: event.version,
            repository: event.repository,
            commit: commitUrl(event) ?? event.sha,
            actor: event.actor,
            run_url: event.runUrl,
            environment_url: event.environmentUrl,
            message: content.text,
          }),
        },
        client: 'deploy-kit',
        ...(event.runUrl ? { client_url: event.runUrl } : {}),
        links: content.links.map((link) => ({ href: link.url, text: link.label })),
      };
  }
}

interface EventsAnswer {
  status?: unknown;
  message?: unknown;
  dedup_key?: unknown;
  errors?: unknown;
}

function parseAnswer(body: string): EventsAnswer {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as EventsAnswer) : {};
  } catch {
    return {};
  }
}

/** A 400 names what was wrong with the event in `errors`; say that rather than the raw JSON. */
function explainRefusal(answer: HttpAnswer): string | undefined {
  const parsed = parseAnswer(answer.body);
  const errors = Array.isArray(parsed.errors) ? parsed.errors.filter((e) => typeof e === 'string') : [];
  const message = typeof parsed.message === 'string' ? parsed.message : undefined;
  if (!message && !errors.length) return undefined;
  const what = answer.status === 400 ? 'PagerDuty refused the event' : 'PagerDuty answered';
  return snippet(`${what}: ${[message, ...errors].filter(Boolean).join('; ')}`, 300);
}

export interface PagerDutyOptions {
  routingKey: string;
  /** The Events API v2 enqueue URL; PAGERDUTY_EVENTS_URL unless overridden. */
  url?: string;
}

export function pagerDutyChannel(options: PagerDutyOptions): Channel {
  const url = options.url ?? PAGERDUTY_EVENTS_URL;
  const { routingKey } = options;
  return {
    name: 'pagerduty',
    destination: new URL(url).host,
    secrets: [routingKey],
    skipReason: (event) => {
      const action = alertActionFor(event);
      return action.kind === 'none' ? action.why : undefined;
    },
    attempt: async (event, content, context) => {
      const body = pagerDutyPayload(routingKey, event, content);
      if (!body) return { ok: true, detail: 'nothing to send' };
      return postJson({
        url,
        body: JSON.stringify(body),
        timeoutMs: context.timeoutMs,
        // A trigger or resolve with a dedup key is idempotent: a repeat changes nothing.
        idempotent: true,
        explain: explainRefusal,
        accept: (answer) => {
          const parsed = parseAnswer(answer.body);
          const key = typeof parsed.dedup_key === 'string' ? parsed.dedup_key : body.dedup_key;
          return { ok: true, detail: `HTTP ${answer.status}, ${String(body.event_action)} ${String(key)}` };
        },
      });
    },
  };
}
