/**
 * The `rel="next"` target of a `Link` header (tags/list pagination), resolved
 * against the URL that was requested: registries send it relative
 * (`</v2/x/tags/list?last=b&n=2>; rel="next"`).
 */
export function nextLink(header: string | null | undefined, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (!match) continue;
    if (/(?:^|;)\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/i.test(match[2] as string)) {
      return new URL(match[1] as string, base).toString();
    }
  }
  return undefined;
}
