/**
 * Small structural validators for what each platform documents as required,
 * so a payload the real service would reject fails the test here. Each
 * returns a list of problems; [] means the shape is accepted.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const isAbsoluteUrl = (v: unknown): boolean => {
  try {
    return typeof v === 'string' && ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

// Slack Block Kit: https://api.slack.com/reference/block-kit/blocks (limits per block type).
function slackText(v: unknown, where: string, max: number, kinds = ['plain_text', 'mrkdwn']): string[] {
  if (!isObject(v)) return [`${where} must be a text object`];
  const problems: string[] = [];
  if (!kinds.includes(String(v.type))) problems.push(`${where}.type must be ${kinds.join(' or ')}`);
  if (!isText(v.text, 1, max)) problems.push(`${where}.text must be 1..${max} characters`);
  return problems;
}

export function blockKitProblems(payload: unknown): string[] {
  if (!isObject(payload)) return ['payload must be an object'];
  const problems: string[] = [];
  if (!isText(payload.text, 1, 40_000))
    problems.push('text (the notification fallback) must be set when blocks are used');
  const blocks = payload.blocks;
  if (!Array.isArray(blocks) || blocks.length < 1 || blocks.length > 50)
    return [...problems, 'blocks must hold 1..50 blocks'];
  blocks.forEach((block: unknown, i) => {
    const at = `blocks[${i}]`;
    if (!isObject(block)) return problems.push(`${at} must be an object`);
    if (block.block_id !== undefined && !isText(block.block_id, 1, 255)) problems.push(`${at}.block_id too long`);
    switch (block.type) {
      case 'header':
        problems.push(...slackText(block.text, `${at}.text`, 150, ['plain_text']));
        break;
      case 'section':
        if (block.text === undefined && block.fields === undefined) problems.push(`${at} needs text or fields`);
        if (block.text !== undefined) problems.push(...slackText(block.text, `${at}.text`, 3000));
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length < 1 || block.fields.length > 10)
            problems.push(`${at}.fields must hold 1..10`);
          else block.fields.forEach((f: unknown, j) => problems.push(...slackText(f, `${at}.fields[${j}]`, 2000)));
        }
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10)
          problems.push(`${at}.elements must hold 1..10`);
        else block.elements.forEach((e: unknown, j) => problems.push(...slackText(e, `${at}.elements[${j}]`, 3000)));
        break;
      case 'divider':
        break;
      default:
        problems.push(`${at}.type ${String(block.type)} is not a block this validator knows`);
    }
    return undefined;
  });
  return problems;
}

// Adaptive Cards 1.x as a Teams Workflows webhook takes them:
// https://adaptivecards.io/explorer/ and the Teams "webhooks and connectors" docs.
const CONTAINER_STYLES = ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'];
const TEXT_COLOURS = ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'];

function cardElementProblems(element: unknown, at: string): string[] {
  if (!isObject(element)) return [`${at} must be an object`];
  switch (element.type) {
    case 'TextBlock': {
      const problems = isText(element.text, 1, 100_000) ? [] : [`${at}.text is required`];
      if (element.color !== undefined && !TEXT_COLOURS.includes(String(element.color)))
        problems.push(`${at}.color is not a colour name`);
      if (element.weight !== undefined && !['Default', 'Lighter', 'Bolder'].includes(String(element.weight)))
        problems.push(`${at}.weight invalid`);
      if (
        element.size !== undefined &&
        !['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'].includes(String(element.size))
      )
        problems.push(`${at}.size invalid`);
      return problems;
    }
    case 'FactSet':
      if (!Array.isArray(element.facts) || element.facts.length < 1) return [`${at}.facts is required`];
      return element.facts.flatMap((fact: unknown, i) =>
        isObject(fact) && typeof fact.title === 'string' && typeof fact.value === 'string'
          ? []
          : [`${at}.facts[${i}] needs title and value strings`],
      );
    case 'Container': {
      const problems: string[] = [];
      if (element.style !== undefined && !CONTAINER_STYLES.includes(String(element.style)))
        problems.push(`${at}.style invalid`);
      if (!Array.isArray(element.items)) return [...problems, `${at}.items is required`];
      return [
        ...problems,
        ...element.items.flatMap((item: unknown, i) => cardElementProblems(item, `${at}.items[${i}]`)),
      ];
    }
    default:
      return [`${at}.type ${String(element.type)} is not an element this validator knows`];
  }
}

export function adaptiveCardMessageProblems(payload: unknown): string[] {
  if (!isObject(payload)) return ['payload must be an object'];
  const problems: string[] = [];
  if (payload.type !== 'message') problems.push('type must be "message"');
  const attachments = payload.attachments;
  if (!Array.isArray(attachments) || attachments.length < 1) return [...problems, 'attachments must hold the card'];
  attachments.forEach((attachment: unknown, i) => {
    const at = `attachments[${i}]`;
    if (!isObject(attachment)) return problems.push(`${at} must be an object`);
    if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive')
      problems.push(`${at}.contentType must be application/vnd.microsoft.card.adaptive`);
    const card = attachment.content;
    if (!isObject(card)) return problems.push(`${at}.content must be the card`);
    if (card.type !== 'AdaptiveCard') problems.push(`${at}.content.type must be AdaptiveCard`);
    if (typeof card.version !== 'string' || !/^1\.[0-5]$/.test(card.version))
      problems.push(`${at}.content.version must be 1.0..1.5 (what Teams renders)`);
    if (!Array.isArray(card.body)) problems.push(`${at}.content.body must be an array`);
    else
      card.body.forEach((element: unknown, j) =>
        problems.push(...cardElementProblems(element, `${at}.content.body[${j}]`)),
      );
    if (card.actions !== undefined) {
      if (!Array.isArray(card.actions)) problems.push(`${at}.content.actions must be an array`);
      else
        card.actions.forEach((action: unknown, j) => {
          const where = `${at}.content.actions[${j}]`;
          if (!isObject(action) || action.type !== 'Action.OpenUrl') problems.push(`${where} must be Action.OpenUrl`);
          else if (!isAbsoluteUrl(action.url)) problems.push(`${where}.url must be an absolute URL`);
        });
    }
    return undefined;
  });
  return problems;
}

// Discord execute-webhook: https://discord.com/developers/docs/resources/webhook and embed limits.
export function discordProblems(payload: unknown): string[] {
  if (!isObject(payload)) return ['payload must be an object'];
  const problems: string[] = [];
  const embeds = payload.embeds;
  if (payload.content === undefined && embeds === undefined) problems.push('content or embeds is required');
  if (!Array.isArray(embeds) || embeds.length > 10) return [...problems, 'embeds must hold at most 10'];
  embeds.forEach((embed: unknown, i) => {
    const at = `embeds[${i}]`;
    if (!isObject(embed)) return problems.push(`${at} must be an object`);
    let total = 0;
    const count = (v: unknown) => (total += typeof v === 'string' ? v.length : 0);
    if (embed.title !== undefined && !isText(embed.title, 1, 256)) problems.push(`${at}.title must be 1..256`);
    if (embed.description !== undefined && !isText(embed.description, 1, 4096))
      problems.push(`${at}.description must be 1..4096`);
    if (embed.url !== undefined && !isAbsoluteUrl(embed.url)) problems.push(`${at}.url must be a URL`);
    if (
      embed.color !== undefined &&
      !(Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff)
    ) {
      problems.push(`${at}.color must be an integer 0..0xFFFFFF`);
    }
    if (embed.timestamp !== undefined && Number.isNaN(Date.parse(String(embed.timestamp))))
      problems.push(`${at}.timestamp must be ISO 8601`);
    count(embed.title);
    count(embed.description);
    const fields = embed.fields ?? [];
    if (!Array.isArray(fields) || fields.length > 25) problems.push(`${at}.fields must hold at most 25`);
    else
      fields.forEach((f: unknown, j) => {
        if (!isObject(f) || !isText(f.name, 1, 256) || !isText(f.value, 1, 1024))
          problems.push(`${at}.fields[${j}] needs name 1..256 and value 1..1024`);
        else {
          count(f.name);
          count(f.value);
        }
      });
    if (isObject(embed.footer)) count(embed.footer.text);
    if (total > 6000) problems.push(`${at} is over 6000 characters in all`);
    return undefined;
  });
  return problems;
}
