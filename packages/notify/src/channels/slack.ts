import type { Channel } from '../channel';
import type { MessageContent } from '../content';
import { postJson } from '../http-post';
import { snippet, urlSecrets } from '../redact';

// Block Kit limits: header text 150 chars, section text 3000, a field 2000, at most 10 fields.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/** Slack's mrkdwn needs only these three escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function mrkdwnLink(url: string, label: string): string {
  // Inside <url|label> a `|` or `>` in the label would end it early.
  return `<${url.replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/** An incoming-webhook body: `text` is the notification preview, `blocks` the message. */
export function slackPayload(content: MessageContent): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(content.title, HEADER_MAX), emoji: true } },
  ];
  if (content.text) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(content.text), SECTION_MAX) } });
  }
  blocks.push({
    type: 'section',
    fields: content.facts.slice(0, 10).map((fact) => ({
      type: 'mrkdwn',
      text: clip(`*${fact.name}*\n${fact.url ? mrkdwnLink(fact.url, fact.value) : escapeMrkdwn(fact.value)}`, 2000),
    })),
  });
  if (content.links.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: content.links.map((link) => mrkdwnLink(link.url, link.label)).join('  ·  ') }],
    });
  }
  return { text: content.title, blocks };
}

export function slackChannel(url: string): Channel {
  return {
    name: 'slack',
    destination: new URL(url).host,
    secrets: urlSecrets(url),
    attempt: (_event, content, context) =>
      postJson({
        url,
        body: JSON.stringify(slackPayload(content)),
        timeoutMs: context.timeoutMs,
        // Slack answers 200 with the body `ok`; anything else (e.g. `invalid_blocks`) was not posted.
        accept: (answer) =>
          answer.body.trim() === 'ok'
            ? { ok: true, detail: `HTTP ${answer.status} ok` }
            : { ok: false, retry: false, reason: `Slack answered "${snippet(answer.body, 100)}" instead of "ok"` },
      }),
  };
}
