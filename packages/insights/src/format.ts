import type { HistoryEntry } from './types';

/** `45s`, `12m`, `3h 5m`, `2d 4h`: a duration in the two largest units that matter. */
export function formatSeconds(total: number | null | undefined): string {
  if (total === null || total === undefined) return '—';
  const s = Math.round(total);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

export function formatPerDay(perDay: number | null): string {
  if (perDay === null) return '—';
  const week = Math.round(perDay * 7 * 100) / 100;
  return `${Math.round(perDay * 100) / 100}/day (${week}/week)`;
}

/** `sha256:0123456789ab` — enough of a digest to tell images apart in a table. */
export function shortDigest(digest: string): string {
  return digest.startsWith('sha256:') ? digest.slice(0, 19) : digest;
}

/** `2026-11-02 14:05Z` */
export function shortTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** What the ROLLBACK column says: what a rollback went from, or what replaced a deployment. */
export function rollbackNote(entry: HistoryEntry): string {
  if (entry.kind === 'rollback' && entry.rolledBackFrom) {
    const from = entry.rolledBackFrom.version || shortDigest(entry.rolledBackFrom.digest ?? '') || '?';
    const id = entry.rolledBackFrom.deploymentId;
    return `from ${from}${id === undefined ? '' : ` (#${id})`} to ${entry.version || shortDigest(entry.digest) || '?'}`;
  }
  if (entry.rolledBackBy) {
    const to = entry.rolledBackBy.version || shortDigest(entry.rolledBackBy.digest) || '?';
    return `rolled back to ${to} (#${entry.rolledBackBy.deploymentId})`;
  }
  return '';
}

/** The outcome as people read it: a success later rolled back says so. */
export function outcomeLabel(entry: HistoryEntry): string {
  return entry.rolledBackBy && entry.outcome === 'success' ? 'success, rolled back' : entry.outcome;
}
