/**
 * Words that mark a query parameter as a secret. A parameter is secret when
 * its name, case ignored, contains one of them: `token`, `access_token`,
 * `api_key`, `apiKey`, `X-Amz-Signature`, `sig`, `client_secret`, `oauth`,
 * `code`. Masking a harmless value by mistake (`keyboard=1`) costs nothing;
 * printing a token does.
 */
export const SECRET_QUERY_WORDS = ['token', 'key', 'secret', 'sig', 'signature', 'password', 'auth', 'code'] as const;

/** What replaces a secret in printed text. */
export const REDACTED = '***';

/**
 * Whether a query parameter name holds a secret: it contains one of
 * SECRET_QUERY_WORDS, or equals (case ignored) one of `extraNames` (the
 * `redact-query-params` input).
 */
export function isSecretQueryName(name: string, extraNames: readonly string[] = []): boolean {
  const lower = name.toLowerCase();
  if (SECRET_QUERY_WORDS.some((word) => lower.includes(word))) return true;
  return extraNames.some((extra) => extra.toLowerCase() === lower);
}

/**
 * A URL safe to print in logs, errors, summaries and outputs: the password
 * and the values of secret query (and fragment) parameters become `***`.
 * Works on text, not on a parsed URL, so it also cleans relative URLs
 * (a Location header) and text that does not parse, and leaves every other
 * character as it was.
 */
export function redactUrl(text: string, extraNames: readonly string[] = []): string {
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.slice(0, hashAt);
  const hash = hashAt < 0 ? undefined : text.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? undefined : beforeHash.slice(queryAt + 1);
  return (
    redactPassword(base) +
    (query === undefined ? '' : `?${redactParams(query, extraNames)}`) +
    (hash === undefined ? '' : `#${redactParams(hash, extraNames)}`)
  );
}

/** Every http(s) URL found in free text (an error message), redacted. */
export function redactUrlsInText(text: string, extraNames: readonly string[] = []): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url, extraNames));
}

/**
 * The parts `redactUrl` hides, raw and percent-decoded, for registering with
 * the runner as masked secrets. Values shorter than 4 characters are left
 * out: masking `1` everywhere would garble every log line.
 */
export function urlSecretValues(text: string, extraNames: readonly string[] = []): string[] {
  const found = new Set<string>();
  const add = (value: string) => {
    for (const form of [value, decode(value)]) if (form.length >= 4) found.add(form);
  };
  const password = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(text)?.[1];
  const colon = password?.indexOf(':') ?? -1;
  if (password !== undefined && colon >= 0) add(password.slice(colon + 1));
  const rest = text.replace(/^[^?#]*/, '');
  for (const pair of rest.slice(1).split(/[&#?]/)) {
    const eq = pair.indexOf('=');
    if (eq > 0 && isSecretQueryName(decode(pair.slice(0, eq)), extraNames)) add(pair.slice(eq + 1));
  }
  return [...found];
}

/** `scheme://user:password@host` -> `scheme://user:***@host`; an empty password stays empty. */
function redactPassword(base: string): string {
  // Any text up to `//`, not only a valid scheme: a URL that does not parse is cleaned too.
  const authority = /^([^/?#]*\/\/)([^/]*)@/.exec(base);
  if (!authority) return base;
  const userinfo = authority[2] as string;
  const colon = userinfo.indexOf(':');
  if (colon < 0 || colon === userinfo.length - 1) return base;
  return `${authority[1]}${userinfo.slice(0, colon)}:${REDACTED}@${base.slice(authority[0].length)}`;
}

function redactParams(params: string, extraNames: readonly string[]): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) return pair;
      return isSecretQueryName(decode(pair.slice(0, eq)), extraNames) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
