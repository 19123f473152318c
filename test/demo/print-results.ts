import type { Check } from './expectations';
import type { Observation } from './observe';
import { textTable } from './text-table';

function shortDigest(digest: string): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '';
}

/** The deployment history of both environments, as `gh api .../deployments` would show it. */
export function historyTable(seen: Observation): string {
  const rows = (['staging', 'production'] as const).flatMap((environment) =>
    seen.history[environment].map((entry) => [
      environment,
      String(entry.id),
      entry.task,
      entry.version,
      shortDigest(entry.digest),
      entry.states.join(' > '),
      entry.rolledBackFrom?.version ? `from ${entry.rolledBackFrom.version}` : '',
      entry.createdAt,
    ]),
  );
  return textTable(['environment', 'id', 'task', 'version', 'digest', 'states', 'rolled back', 'created'], rows);
}

export function notificationsTable(seen: Observation): string {
  const rows = seen.notifications.map((n) => [
    n.channel,
    n.status,
    n.environment,
    n.version,
    n.channel === 'webhook' ? (n.signatureValid ? 'valid' : 'INVALID') : '-',
  ]);
  const table = textTable(['channel', 'status', 'environment', 'version', 'signature'], rows);
  const refused = seen.refusedNotifications.map((line) => `refused: ${line}`);
  return [table, ...refused].join('\n');
}

export function registryTable(seen: Observation): string {
  const rows = Object.entries(seen.tags).map(([tag, digest]) => [tag, shortDigest(digest)]);
  return textTable(['tag', 'digest'], rows);
}

export function environmentsTable(seen: Observation): string {
  const rows = Object.values(seen.environments).map((view) => [
    view.name,
    view.url,
    view.health?.status ?? '-',
    view.health?.version ?? '-',
    view.health?.revision?.slice(0, 7) ?? '-',
    view.runningImage ? shortDigest(view.runningImage.split('@')[1] ?? view.runningImage) : (view.error ?? '-'),
  ]);
  return textTable(['environment', 'url', 'status', 'built as', 'commit', 'running digest'], rows);
}

export function checksList(checks: Check[]): string {
  return checks.map((c) => (c.ok ? `  ✓ ${c.what}` : `  ✗ ${c.what}\n      found: ${c.found ?? ''}`)).join('\n');
}
