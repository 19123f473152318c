import { isBlockedPort } from './blocked-ports';

/** A URL ready to request: credentials moved to a header, and a form safe to print. */
export interface Target {
  /** The URL to request, without user:password. */
  requestUrl: string;
  /** The URL for logs, summaries and outputs: any password replaced by ***. */
  displayUrl: string;
  /** Basic credentials from the URL, if it had any. */
  authorization?: string;
}

export class UrlSyntaxError extends Error {
  override name = 'UrlSyntaxError';
}

/** Checks a URL from the `url` input; throws a UrlSyntaxError saying what is wrong. */
export function parseTarget(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UrlSyntaxError(`"${redactText(text)}" is not a valid URL (expected e.g. https://example.com/api/health)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlSyntaxError(`"${displayUrl(url)}" must start with http:// or https://`);
  }
  if (url.port && isBlockedPort(Number(url.port))) {
    throw new UrlSyntaxError(
      `"${displayUrl(url)}" uses port ${url.port}, which fetch always refuses (a "bad port"); serve the check on another port`,
    );
  }
  const target: Target = { requestUrl: '', displayUrl: displayUrl(url) };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    target.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  target.requestUrl = url.href;
  return target;
}

function displayUrl(url: URL): string {
  if (!url.password) return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}

/** Best effort for text that is not even a URL: hide anything between :// and @. */
function redactText(text: string): string {
  return text.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1***@');
}

/** The password of a URL, raw and decoded, for masking. */
export function urlSecrets(text: string): string[] {
  try {
    const url = new URL(text);
    return url.password ? [url.password, decodeURIComponent(url.password)] : [];
  } catch {
    return [];
  }
}
