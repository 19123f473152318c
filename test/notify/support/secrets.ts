export { visibleOutput } from '../../support/run-bundled-action';

/** The secret parts of a URL a leak could show: the whole, its path, its query. */
export function urlParts(url: string): string[] {
  const parsed = new URL(url);
  return [url, parsed.pathname, ...(parsed.search ? [parsed.search.slice(1)] : [])].filter((part) => part.length >= 8);
}
