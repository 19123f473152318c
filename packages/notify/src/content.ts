import type { DeployEvent } from './event';
import { statusStyle, type StatusStyle } from './status';
import { renderTemplate } from './template';

export interface Fact {
  name: string;
  value: string;
  /** Where the value links to, when it has a page (the commit). */
  url?: string;
}

export interface Link {
  label: string;
  url: string;
}

/** One message, before each channel dresses it in its own format. */
export interface MessageContent {
  style: StatusStyle;
  /** One line with the status emoji: the notification preview on every platform. */
  title: string;
  /** The rendered `message` template, when one was given. */
  text?: string;
  facts: Fact[];
  links: Link[];
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

export function commitUrl(event: DeployEvent): string | undefined {
  if (!event.serverUrl || !event.repository || !event.sha) return undefined;
  return `${event.serverUrl}/${event.repository}/commit/${event.sha}`;
}

function headline(event: DeployEvent): string {
  const name = event.repository.split('/').pop() || event.repository || 'deploy';
  const what = event.version ? `${name} ${event.version}` : name;
  const where = event.environment ? ` to ${event.environment}` : '';
  switch (event.status) {
    case 'started':
      return `Deploying ${what}${where}`;
    case 'success':
      return `Deployed ${what}${where}`;
    case 'failure':
      return `Deploy of ${what}${where} failed`;
    case 'cancelled':
      return `Deploy of ${what}${where} was cancelled`;
    case 'rolled-back':
      return event.environment ? `Rolled back ${event.environment} to ${what}` : `Rolled back ${what}`;
  }
}

export function buildContent(event: DeployEvent): MessageContent {
  const style = statusStyle(event.status);
  const commit = commitUrl(event);
  const facts: Fact[] = [
    { name: 'Status', value: `${style.emoji} ${event.status}` },
    { name: 'Environment', value: event.environment ?? '—' },
    { name: 'Version', value: event.version ?? '—' },
    { name: 'Repository', value: event.repository || '—' },
    { name: 'Commit', value: event.sha ? shortSha(event.sha) : '—', ...(commit ? { url: commit } : {}) },
    { name: 'Actor', value: event.actor || '—' },
  ];
  const links: Link[] = [];
  if (event.runUrl) links.push({ label: 'Workflow run', url: event.runUrl });
  if (event.environmentUrl)
    links.push({ label: `Open ${event.environment ?? 'environment'}`, url: event.environmentUrl });
  if (commit) links.push({ label: `Commit ${shortSha(event.sha)}`, url: commit });
  const text = event.message ? renderTemplate(event.message, event).trim() : '';
  return { style, title: `${style.emoji} ${headline(event)}`, ...(text ? { text } : {}), facts, links };
}
