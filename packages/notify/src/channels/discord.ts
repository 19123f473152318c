import type { Channel } from '../channel';
import type { MessageContent } from '../content';
import { postJson } from '../http-post';
import { urlSecrets } from '../redact';
import { colourAsInteger } from '../status';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An execute-webhook body with one embed (limits: title 256, description 4096, field value 1024). */
export function discordPayload(content: MessageContent, timestamp: Date = new Date()): Record<string, unknown> {
  const embed: Record<string, unknown> = {
    title: clip(content.title, 256),
    color: colourAsInteger(content.style.colour),
    fields: [
      ...content.facts.map((fact) => ({
        name: fact.name,
        value: clip(fact.url ? `[${fact.value}](${fact.url})` : fact.value, 1024),
        inline: true,
      })),
      ...(content.links.length
        ? [
            {
              name: 'Links',
              value: clip(content.links.map((l) => `[${l.label}](${l.url})`).join(' · '), 1024),
              inline: false,
            },
          ]
        : []),
    ],
    footer: { text: 'deploy-kit' },
    timestamp: timestamp.toISOString(),
  };
  const runLink = content.links.find((link) => link.label === 'Workflow run');
  if (runLink) embed.url = runLink.url;
  // Discord refuses an embed over 6000 characters in all: the description gives way.
  const used = JSON.stringify(embed.fields).length + String(embed.title).length + 'deploy-kit'.length;
  if (content.text) embed.description = clip(content.text, Math.max(1, Math.min(4096, 6000 - used)));
  // A message template must never ping @everyone or a role by accident.
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

/**
 * `?wait=true` makes Discord answer 200 with the created message instead of
 * an empty 204, so delivery is confirmed by a message id.
 */
export function discordWaitUrl(url: string): string {
  const target = new URL(url);
  target.searchParams.set('wait', 'true');
  return target.href;
}

export function discordChannel(url: string): Channel {
  const waitUrl = discordWaitUrl(url);
  return {
    name: 'discord',
    destination: new URL(url).host,
    secrets: [...urlSecrets(url), waitUrl],
    attempt: (_event, content, context) =>
      postJson({
        url: waitUrl,
        body: JSON.stringify(discordPayload(content)),
        timeoutMs: context.timeoutMs,
        accept: (answer) => {
          const id = messageId(answer.body);
          return id
            ? { ok: true, detail: `HTTP ${answer.status}, message ${id}` }
            : { ok: true, detail: `HTTP ${answer.status}` };
        },
      }),
  };
}

function messageId(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
