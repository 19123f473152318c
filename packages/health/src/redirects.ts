import { Headers } from 'undici';
import { isSensitiveHeader } from './headers';

/** As many as fetch follows before it calls it a loop. */
export const MAX_REDIRECTS = 20;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** One request of a redirect chain. */
export interface Hop {
  url: string;
  method: string;
  headers: Headers;
  body?: string;
}

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

// Headers that describe a body; dropped with it when a redirect turns the request into a GET.
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location', 'content-length'];

/**
 * The request that follows a redirect answer, the way fetch follows it
 * (303, and 301/302 after a POST, become a GET without a body), except that
 * every credential header is dropped when the redirect leaves the origin:
 * fetch only drops Authorization, and would send X-Api-Key, tokens or
 * cookies on to whatever host the Location names. Returns a string saying
 * why the redirect cannot be followed.
 */
export function nextHop(hop: Hop, status: number, location: string): Hop | string {
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch {
    return `redirect to an invalid URL`;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return `redirect to a ${next.protocol} URL not followed`;
  const headers = new Headers(hop.headers);
  let { method, body } = hop;
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  }
  if (next.origin !== new URL(hop.url).origin) {
    for (const name of [...headers.keys()]) if (isSensitiveHeader(name)) headers.delete(name);
  }
  // Credentials in a Location URL would only be sent to the server that chose them; never follow them.
  next.username = '';
  next.password = '';
  next.hash = '';
  return { url: next.href, method, headers, ...(body === undefined ? {} : { body }) };
}
