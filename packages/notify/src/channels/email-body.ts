import type { MessageContent } from '../content';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function emailText(content: MessageContent): string {
  const width = Math.max(...content.facts.map((fact) => fact.name.length));
  const lines = [content.title, ''];
  if (content.text) lines.push(content.text, '');
  for (const fact of content.facts) lines.push(`${`${fact.name}:`.padEnd(width + 2)}${fact.value}`);
  if (content.links.length) lines.push('');
  for (const link of content.links) lines.push(`${link.label}: ${link.url}`);
  lines.push('', '-- ', 'Sent by deploy-kit');
  return `${lines.join('\n')}\n`;
}

export function emailHtml(content: MessageContent): string {
  const rows = content.facts
    .map((fact) => {
      const value = fact.url
        ? `<a href="${escapeHtml(fact.url)}">${escapeHtml(fact.value)}</a>`
        : escapeHtml(fact.value);
      return `<tr><th align="left" style="padding:4px 12px 4px 0">${escapeHtml(fact.name)}</th><td style="padding:4px 0">${value}</td></tr>`;
    })
    .join('\n');
  const links = content.links
    .map((link) => `<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`)
    .join(' · ');
  return [
    '<!DOCTYPE html>',
    '<html><body style="font-family:sans-serif">',
    `<div style="border-left:6px solid ${content.style.colour};padding:8px 16px">`,
    `<h2 style="margin:0 0 8px 0">${escapeHtml(content.title)}</h2>`,
    content.text ? `<p>${escapeHtml(content.text).replace(/\n/g, '<br>')}</p>` : '',
    `<table>\n${rows}\n</table>`,
    links ? `<p>${links}</p>` : '',
    '</div>',
    '<p style="color:#6e7781;font-size:12px">Sent by deploy-kit</p>',
    '</body></html>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
