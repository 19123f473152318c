import { redactUrl, urlSecretValues } from '@deploy-kit/http';
import { isBlockedPort } from './blocked-ports';

/** A URL ready to request: credentials moved to a header, and a form safe to print. */
export interface Target {
  /** The URL to request, without user:password. */
  requestUrl: string;
  /** The URL for logs, summaries and outputs: the password and secret query values replaced by ***. */
  displayUrl: string;
  /** Redacts another URL the same way (a redirect target, a Location header). */
  redact: (url: string) => string;
  /** Basic credentials from the URL, if it had any. */
  authorization?: string;
}

export class UrlSyntaxError extends Error {
  override name = 'UrlSyntaxError';
}

/**
 * Checks a URL from the `url` input; throws a UrlSyntaxError saying what is
 * wrong. `secretParams` are the extra query parameter names to mask (the
 * `redact-query-params` input), on top of those redactUrl always masks.
 */
export function parseTarget(text: string, secretParams: readonly string[] = []): Target {
  const redact = (shown: string) => redactUrl(shown, secretParams);
  const displayUrl = (url: URL) => redact(url.href);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UrlSyntaxError(`"${redact(text)}" is not a valid URL (expected e.g. https://example.com/api/health)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlSyntaxError(`"${displayUrl(url)}" must start with http:// or https://`);
  }
  if (url.port && isBlockedPort(Number(url.port))) {
    throw new UrlSyntaxError(
      `"${displayUrl(url)}" uses port ${url.port}, which fetch always refuses (a "bad port"); serve the check on another port`,
    );
  }
  const target: Target = { requestUrl: '', displayUrl: displayUrl(url), redact };
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

/** The password and secret query values of a URL, raw and decoded, for masking. */
export function urlSecrets(text: string, secretParams: readonly string[] = []): string[] {
  return urlSecretValues(text, secretParams);
}
