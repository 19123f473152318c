import type { Channel } from '../channel';
import type { MessageContent } from '../content';
import { postJson } from '../http-post';
import { snippet, urlSecrets } from '../redact';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The Adaptive Card itself (schema 1.4, which Teams renders on desktop, web and mobile). */
export function adaptiveCard(content: MessageContent): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    {
      type: 'Container',
      style: content.style.cardStyle,
      bleed: true,
      items: [
        {
          type: 'TextBlock',
          text: content.title,
          weight: 'Bolder',
          size: 'Medium',
          color: content.style.cardColour,
          wrap: true,
        },
      ],
    },
  ];
  // Teams refuses messages over about 28 KB; a long message is cut well before that.
  if (content.text) body.push({ type: 'TextBlock', text: clip(content.text, 10_000), wrap: true });
  body.push({ type: 'FactSet', facts: content.facts.map((fact) => ({ title: fact.name, value: fact.value })) });
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
    actions: content.links.map((link) => ({ type: 'Action.OpenUrl', title: link.label, url: link.url })),
  };
}

/** The envelope a Teams Workflows webhook ("Post to a channel when a webhook request is received") expects. */
export function teamsPayload(content: MessageContent): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: adaptiveCard(content) },
    ],
  };
}

export function teamsChannel(url: string): Channel {
  return {
    name: 'teams',
    destination: new URL(url).host,
    secrets: urlSecrets(url),
    attempt: (_event, content, context) =>
      postJson({
        url,
        body: JSON.stringify(teamsPayload(content)),
        timeoutMs: context.timeoutMs,
        // Workflows answers 202 with an empty body; an error text in a 2xx body means nothing was posted.
        accept: (answer) =>
          /error|fail|invalid/i.test(answer.body)
            ? {
                ok: false,
                retry: false,
                reason: `Teams answered HTTP ${answer.status} with "${snippet(answer.body, 100)}"`,
              }
            : { ok: true, detail: `HTTP ${answer.status}` },
      }),
  };
}
