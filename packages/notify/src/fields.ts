import { field } from '@deploy-kit/action-kit';
import type { z } from 'zod';
import { isLoopbackHost, parseSmtpUrl } from './smtp-url';
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from './template';

// Office 365 connector URLs were retired by Microsoft: they answer 2xx and deliver nothing.
const RETIRED_TEAMS_HOSTS = /(^|\.)(webhook\.office\.com|outlook\.office\.com|outlook\.office365\.com)$/i;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

// Zod runs every refinement even after one failed, so this must not throw on a non-URL.
function isRetiredTeamsUrl(text: string): boolean {
  try {
    return RETIRED_TEAMS_HOSTS.test(new URL(text).hostname);
  } catch {
    return false;
  }
}

// The routing key travels in the body: plain http only where nothing leaves the machine.
function isPagerDutyUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.username || url.password) return false;
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && isLoopbackHost(url.hostname.replace(/^\[(.*)\]$/, '$1')))
    );
  } catch {
    return false;
  }
}

// An Events API v2 integration key is 32 characters; anything else is refused by PagerDuty with a 400.
const ROUTING_KEY = /^[\x21-\x7e]{32}$/;

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/** `a@example.com` or `Deploy Bot <a@example.com>`. */
function isEmailAddress(text: string): boolean {
  const named = /^[^<>]*<([^<>]+)>$/.exec(text);
  return ADDRESS.test(named ? (named[1] as string).trim() : text);
}

/** Splits `a@x.com, b@y.com` (commas, semicolons or new lines). */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Field kinds only notify needs. Error messages never repeat a URL: it is a secret. */
export const notifyField = {
  webhookUrl: () =>
    field.optional().refine((v) => v === undefined || isHttpUrl(v), {
      message: 'must be an http(s) URL (the value is a secret and is not shown)',
    }),

  teamsWebhookUrl: () =>
    notifyField.webhookUrl().refine((v) => v === undefined || !isRetiredTeamsUrl(v), {
      message:
        'is an Office 365 connector URL, which Microsoft retired (it accepts messages and delivers nothing); create a Teams "Workflows" webhook and use its URL',
    }),

  smtpUrl: () =>
    field.optional().refine((v) => v === undefined || parseSmtpUrl(v) !== undefined, {
      message:
        'must look like smtp://user:password@host:587 or smtps://user:password@host:465 (the value is a secret and is not shown)',
    }),

  // Several lines allowed: recipients may be one per line.
  emailList: () =>
    field
      .text()
      .transform((v) => (v === undefined ? [] : splitAddresses(v)))
      .refine((list) => list.every(isEmailAddress), {
        message: 'must be email addresses separated by commas',
      }),

  emailAddress: () =>
    field.optional().refine((v) => v === undefined || isEmailAddress(v), {
      message: 'must be an email address such as deploys@example.com or "Deploys <deploys@example.com>"',
    }),

  routingKey: () =>
    field.optional().refine((v) => v === undefined || ROUTING_KEY.test(v), {
      message:
        'must be the 32-character integration key of an Events API v2 integration (the value is a secret and is not shown)',
    }),

  pagerDutyUrl: () =>
    field.optional().refine((v) => v === undefined || isPagerDutyUrl(v), {
      message:
        'must be an https URL such as https://events.eu.pagerduty.com/v2/enqueue (http only to localhost, 127.x.x.x or ::1)',
    }),

  // A message may span several lines.
  template: () =>
    field.text().superRefine((v, ctx) => {
      const unknown = v === undefined ? [] : unknownPlaceholders(v);
      if (unknown.length) {
        ctx.addIssue({
          code: 'custom',
          message: `uses unknown placeholder ${unknown.join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
        });
      }
    }),
};

/** Inputs every notifying action shares (keys are the action.yml input names). */
export const notifyFields = {
  'slack-webhook-url': notifyField.webhookUrl(),
  'teams-webhook-url': notifyField.teamsWebhookUrl(),
  'discord-webhook-url': notifyField.webhookUrl(),
  'webhook-url': notifyField.webhookUrl(),
  'webhook-secret': field.optional(),
  'smtp-url': notifyField.smtpUrl(),
  'email-to': notifyField.emailList(),
  'email-from': notifyField.emailAddress(),
  'pagerduty-routing-key': notifyField.routingKey(),
  'pagerduty-url': notifyField.pagerDutyUrl(),
  message: notifyField.template(),
  'fail-on-error': field.boolean(false),
};

export const notifySecretInputs: readonly string[] = [
  'slack-webhook-url',
  'teams-webhook-url',
  'discord-webhook-url',
  'webhook-url',
  'webhook-secret',
  'smtp-url',
  'pagerduty-routing-key',
];

export type NotifyInputs = { [K in keyof typeof notifyFields]: z.output<(typeof notifyFields)[K]> };
