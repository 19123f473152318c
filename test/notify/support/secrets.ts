import type { BundledActionRun } from '../../support/run-bundled-action';

/**
 * Everything a user can see from a run. `::add-mask::` commands are left out:
 * the runner consumes them and never shows them; every other line is scanned
 * unmasked, which is stricter than what the runner would display.
 */
export function visibleOutput(run: BundledActionRun): string {
  const log = run.log
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [log, run.summary, ...Object.values(run.outputs)].join('\n');
}

/** The secret parts of a URL a leak could show: the whole, its path, its query. */
export function urlParts(url: string): string[] {
  const parsed = new URL(url);
  return [url, parsed.pathname, ...(parsed.search ? [parsed.search.slice(1)] : [])].filter((part) => part.length >= 8);
}
