/** Replaces every secret in a message: a receiver's error text may echo the URL back. */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    clean = clean.split(secret).join('***');
  }
  return clean;
}

/**
 * The parts of a URL that carry its secret: the whole, the path, long query
 * values (a Teams `sig`), a password. Short or public parts (`wait=true`, an
 * api-version date) are left out so masking does not garble unrelated log lines.
 */
export function urlSecrets(text: string): string[] {
  const parts = [text];
  try {
    const url = new URL(text);
    parts.push(url.href);
    if (url.pathname.length > 8) parts.push(url.pathname, decodeURIComponent(url.pathname));
    for (const value of url.searchParams.values()) if (value.length >= 16) parts.push(value);
    if (url.password) parts.push(url.password, decodeURIComponent(url.password));
  } catch {
    // Not a URL: the whole text is the secret.
  }
  return [...new Set(parts)];
}

/** A receiver's answer body, shortened to one printable line. */
export function snippet(body: string, max = 200): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
