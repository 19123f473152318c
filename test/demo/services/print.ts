import type { Check } from '../expectations';
import { textTable } from '../text-table';
import { SERVICES } from './hosts';
import { serviceDigest, type ServicesObservation } from './observe';

function short(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '-';
}

/** Both environments' deployments, as `gh api .../deployments` shows them: one per release, every service in it. */
export function servicesHistoryTable(seen: ServicesObservation): string {
  const rows = (['staging', 'production'] as const).flatMap((environment) =>
    seen.history[environment].map((entry) => [
      environment,
      String(entry.id),
      entry.task,
      entry.version,
      ...SERVICES.map((service) => short(serviceDigest(entry, service))),
      entry.states.join(' > '),
      entry.rolledBackFrom?.version ? `from ${entry.rolledBackFrom.version}` : '',
    ]),
  );
  return textTable(
    ['environment', 'id', 'task', 'version', ...SERVICES.map((s) => `${s} digest`), 'states', 'rolled back'],
    rows,
  );
}

/** Every tag of either image, and the digest it points at in each. */
export function servicesRegistryTable(seen: ServicesObservation): string {
  const tags = [...new Set(SERVICES.flatMap((service) => Object.keys(seen.tags[service])))].sort();
  return textTable(
    ['tag', ...SERVICES],
    tags.map((tag) => [tag, ...SERVICES.map((service) => short(seen.tags[service][tag]))]),
  );
}

export function servicesTable(seen: ServicesObservation): string {
  return textTable(
    ['environment', 'service', 'health url', 'status', 'built as', 'commit', 'running digest'],
    seen.services.map((view) => [
      view.environment,
      view.service,
      view.url,
      view.health?.status ?? '-',
      view.health?.version ?? '-',
      view.health?.revision?.slice(0, 7) ?? '-',
      view.runningImage ? short(view.runningImage.split('@')[1]) : (view.error ?? '-'),
    ]),
  );
}

export function servicesNotificationsTable(seen: ServicesObservation): string {
  const table = textTable(
    ['channel', 'status', 'environment', 'version', 'signature'],
    seen.notifications.map((n) => [
      n.channel,
      n.status,
      n.environment,
      n.version,
      n.channel === 'webhook' ? (n.signatureValid ? 'valid' : 'INVALID') : '-',
    ]),
  );
  return [table, ...seen.refusedNotifications.map((line) => `refused: ${line}`)].join('\n');
}

export function checksSummary(checks: Check[]): string {
  const lines = checks.map((c) => (c.ok ? `  ✓ ${c.what}` : `  ✗ ${c.what}\n      found: ${c.found ?? ''}`));
  const passed = checks.filter((c) => c.ok).length;
  return [...lines, '', `  ${passed} passed, ${checks.length - passed} failed, ${checks.length} checks`].join('\n');
}
